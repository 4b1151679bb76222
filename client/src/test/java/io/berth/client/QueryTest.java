package io.berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryTest {
  @Test
  void keys_are_sorted_like_go_url_values() {
    String q = new Query().add("stream", "1").flag("stdout", true).flag("stderr", true).flag("stdin", false).encode();
    assertThat(q).isEqualTo("stderr=1&stdout=1&stream=1");
  }

  @Test
  void filters_use_dockers_map_form() {
    String target = ContainerListOptions.everything().toQuery().filters(Map.of("name", List.of("rsx-"))).appendTo("/containers/json");
    assertThat(java.net.URLDecoder.decode(target, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("/containers/json?all=1&filters={\"name\":{\"rsx-\":true}}");
  }

  @Test
  void logs_query_matches_the_docker_cli() {
    assertThat(new LogsOptions(true, true, true, false, "all", Optional.empty(), Optional.empty()).toQuery().encode())
        .isEqualTo("follow=1&stderr=1&stdout=1&tail=all");
  }

  @Test
  void image_names_keep_slashes_and_colons_in_paths() {
    assertThat(Query.path("127.0.0.1:5000/rsx/uniq:1")).isEqualTo("127.0.0.1:5000/rsx/uniq:1");
    assertThat(Query.path("a b")).isEqualTo("a%20b");
  }
}
