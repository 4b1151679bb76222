package io.berth.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.events.Event;
import io.berth.oci.errors.BerthException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {
  private static final Instant AT = Instant.parse("2026-11-27T21:00:00.123456789Z");

  private static String json(Event e) {
    return new String(Responses.bytes(EventJson.message(e)), StandardCharsets.UTF_8);
  }

  @Test
  void container_events_carry_the_legacy_fields_in_go_order() {
    var e = new Event("container", "start", "abc", Map.of("name", "web", "image", "busybox", "a", "1"), AT);
    assertThat(json(e)).isEqualTo("{\"status\":\"start\",\"id\":\"abc\",\"from\":\"busybox\",\"Type\":\"container\","
        + "\"Action\":\"start\",\"Actor\":{\"ID\":\"abc\",\"Attributes\":{\"a\":\"1\",\"image\":\"busybox\",\"name\":\"web\"}},"
        + "\"scope\":\"local\",\"time\":1795813200,\"timeNano\":1795813200123456789}");
  }

  @Test
  void image_events_have_status_and_id_but_no_from() {
    var e = new Event("image", "tag", "sha256:1", Map.of("name", "busybox:x"), AT);
    assertThat(json(e)).isEqualTo("{\"status\":\"tag\",\"id\":\"sha256:1\",\"Type\":\"image\",\"Action\":\"tag\","
        + "\"Actor\":{\"ID\":\"sha256:1\",\"Attributes\":{\"name\":\"busybox:x\"}},\"scope\":\"local\","
        + "\"time\":1795813200,\"timeNano\":1795813200123456789}");
  }

  @Test
  void other_types_have_no_legacy_fields() {
    var e = new Event("network", "create", "n1", Map.of("name", "net"), AT);
    assertThat(json(e)).startsWith("{\"Type\":\"network\",");
  }

  @Test
  void since_and_until_read_unix_seconds_with_fractions_and_rfc3339() {
    assertThat(EventRoutes.time("since", "1700000000")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(EventRoutes.time("since", "1700000000.5")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 500_000_000));
    assertThat(EventRoutes.time("since", "1700000000.000000001")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 1));
    assertThat(EventRoutes.time("since", "0")).isEqualTo(Instant.EPOCH);
    assertThat(EventRoutes.time("until", "2026-11-27T21:00:00.5+01:00")).isEqualTo(Instant.parse("2026-11-27T20:00:00.5Z"));
  }

  @Test
  void malformed_times_are_invalid_with_dockerds_text() {
    assertThatThrownBy(() -> EventRoutes.time("since", "abc")).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("invalid value for 'since': strconv.ParseInt: parsing \"abc\": invalid syntax");
    assertThatThrownBy(() -> EventRoutes.time("until", "12.x")).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("invalid value for 'until': strconv.ParseInt: parsing \"x\": invalid syntax");
  }
}
