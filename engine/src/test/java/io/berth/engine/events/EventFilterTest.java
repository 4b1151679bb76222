package io.berth.engine.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFilterTest {
  private static final String ID = "3f2a91c0d1e2f3a4b5c6d7e8f90123456789abcdef0123456789abcdef012345";
  private static final String IMAGE_ID = "sha256:e95d13e53aab806e7571cb9bc59db7a6c4496d8d84e8c549b96727536da27050";

  private static final Event START = new Event("container", "start", ID,
      Map.of("image", "busybox", "name", "web", "team", "core", "tier", "front"), Instant.EPOCH);
  private static final Event HEALTH = new Event("container", "health_status: healthy", ID,
      Map.of("image", "busybox:1.36", "name", "web"), Instant.EPOCH);
  private static final Event TAG = new Event("image", "tag", IMAGE_ID, Map.of("name", "busybox:latest"), Instant.EPOCH);

  private static boolean matches(Map<String, List<String>> f, Event e) {
    return EventFilter.of(f).matches(e);
  }

  @Test
  void no_filter_matches_everything() {
    assertThat(EventFilter.ALL.matches(START)).isTrue();
    assertThat(EventFilter.of(Map.of()).matches(TAG)).isTrue();
  }

  @Test
  void type_and_event_match_exactly_and_any_value_of_a_key_may_match() {
    assertThat(matches(Map.of("type", List.of("container")), START)).isTrue();
    assertThat(matches(Map.of("type", List.of("image")), START)).isFalse();
    assertThat(matches(Map.of("type", List.of("image", "container")), START)).isTrue();
    assertThat(matches(Map.of("event", List.of("start")), START)).isTrue();
    assertThat(matches(Map.of("event", List.of("sta")), START)).isFalse();
    assertThat(matches(Map.of("event", List.of("die", "start")), START)).isTrue();
  }

  @Test
  void health_status_matches_by_prefix() {
    assertThat(matches(Map.of("event", List.of("health_status")), HEALTH)).isTrue();
    assertThat(matches(Map.of("event", List.of("start")), HEALTH)).isFalse();
  }

  @Test
  void container_matches_id_name_and_their_prefixes() {
    assertThat(matches(Map.of("container", List.of(ID)), START)).isTrue();
    assertThat(matches(Map.of("container", List.of("3f2a91")), START)).isTrue();
    assertThat(matches(Map.of("container", List.of("web")), START)).isTrue();
    assertThat(matches(Map.of("container", List.of("we")), START)).isTrue();
    assertThat(matches(Map.of("container", List.of("db")), START)).isFalse();
    // an image event is no container's
    assertThat(matches(Map.of("container", List.of("web")), TAG)).isFalse();
  }

  @Test
  void image_matches_with_or_without_tag() {
    assertThat(matches(Map.of("image", List.of("busybox")), START)).isTrue();
    assertThat(matches(Map.of("image", List.of("busybox")), HEALTH)).isTrue();
    assertThat(matches(Map.of("image", List.of("busybox:1.36")), HEALTH)).isTrue();
    assertThat(matches(Map.of("image", List.of("alpine")), START)).isFalse();
    assertThat(matches(Map.of("image", List.of("busybox")), TAG)).isTrue();
    assertThat(matches(Map.of("image", List.of(IMAGE_ID)), TAG)).isTrue();
  }

  @Test
  void labels_all_have_to_be_there() {
    assertThat(matches(Map.of("label", List.of("team")), START)).isTrue();
    assertThat(matches(Map.of("label", List.of("team=core")), START)).isTrue();
    assertThat(matches(Map.of("label", List.of("team=ops")), START)).isFalse();
    assertThat(matches(Map.of("label", List.of("team=core", "tier=front")), START)).isTrue();
    assertThat(matches(Map.of("label", List.of("team=core", "tier=back")), START)).isFalse();
    assertThat(matches(Map.of("label", List.of("team")), new Event("container", "x", ID, Map.of(), Instant.EPOCH))).isFalse();
  }

  @Test
  void keys_combine_with_and() {
    var f = Map.of("type", List.of("container"), "event", List.of("start"), "container", List.of("web"));
    assertThat(matches(f, START)).isTrue();
    assertThat(matches(Map.of("type", List.of("container"), "event", List.of("die")), START)).isFalse();
  }

  @Test
  void unknown_keys_are_ignored_as_dockerd_does() {
    assertThat(matches(Map.of("nonsense", List.of("x")), START)).isTrue();
  }
}
