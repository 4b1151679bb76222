package io.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.client.json.JsonReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLinesTest {
  private static final String START = "{\"status\":\"start\",\"id\":\"abc\",\"from\":\"busybox\",\"Type\":\"container\","
      + "\"Action\":\"start\",\"Actor\":{\"ID\":\"abc\",\"Attributes\":{\"name\":\"x\",\"image\":\"busybox\"}},"
      + "\"scope\":\"local\",\"time\":1795813200,\"timeNano\":1795813200123456789}";
  private static final String TAG = "{\"status\":\"tag\",\"id\":\"sha256:1\",\"Type\":\"image\",\"Action\":\"tag\","
      + "\"Actor\":{\"ID\":\"sha256:1\",\"Attributes\":{\"name\":\"busybox:x\"}},\"scope\":\"local\","
      + "\"time\":1795813200,\"timeNano\":1795813200000000001}";

  private static Map<String, Object> parse(String json) {
    return JsonReader.parseObject(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void default_line_is_dockers() {
    assertThat(EventLines.line(parse(START), ZoneOffset.UTC))
        .isEqualTo("2026-11-27T21:00:00.123456789Z container start abc (image=busybox, name=x)");
    assertThat(EventLines.line(parse(TAG), ZoneOffset.UTC))
        .isEqualTo("2026-11-27T21:00:00.000000001Z image tag sha256:1 (name=busybox:x)");
  }

  @Test
  void the_time_is_local_with_its_offset() {
    assertThat(EventLines.line(parse(START), ZoneId.of("Europe/Berlin")))
        .startsWith("2026-11-27T22:00:00.123456789+01:00 container start");
  }

  @Test
  void without_time_nor_attributes_the_line_is_shorter() {
    assertThat(EventLines.line(parse("{\"Type\":\"daemon\",\"Action\":\"reload\",\"Actor\":{\"ID\":\"d\"}}"), ZoneOffset.UTC))
        .isEqualTo("daemon reload d");
  }

  @Test
  void templates_see_go_field_names_and_json_prints_the_message() {
    Map<String, Object> data = EventLines.templateData(parse(START));
    assertThat(GoTemplate.parse("{{.ID}} {{.Status}} {{.From}} {{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{.Scope}} {{.TimeNano}}")
        .execute(data)).isEqualTo("abc start busybox container start x local 1795813200123456789");
    assertThat(GoTemplate.parse("{{json .}}").execute(data)).isEqualTo(START);
    // an image event has no "from": Go prints the zero value
    assertThat(GoTemplate.parse("[{{.From}}]").execute(EventLines.templateData(parse(TAG)))).isEqualTo("[]");
  }
}
