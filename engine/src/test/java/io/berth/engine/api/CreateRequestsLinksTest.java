package io.berth.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.container.NetworkOptions;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreateRequestsLinksTest {
  private static List<String> links(String json) throws Exception {
    return CreateRequests.links(Json.mapper().readTree(json));
  }

  @Test
  void links_take_compose_and_inspect_forms() throws Exception {
    // docker-compose 1.29: name:alias; docker inspect: /name:/self/alias; docker run --link name
    assertThat(links("{\"Links\": [\"p_web_1:webby\", \"/p_db_1:/p_worker_1/db\", \"cache\"]}"))
        .containsExactly("p_web_1:webby", "p_db_1:db", "cache:cache");
    assertThat(links("{}")).isEmpty();
  }

  @Test
  void malformed_links_are_rejected() {
    assertThatThrownBy(() -> links("{\"Links\": [\":x\"]}")).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("invalid link: :x");
    assertThatThrownBy(() -> links("{\"Links\": [\"a:b:c\"]}")).isInstanceOf(BerthException.InvalidArgument.class);
  }

  @Test
  void link_alias_names_its_target_case_insensitively() {
    var o = new NetworkOptions(Map.of(), List.of(), List.of(), List.of(), List.of(), List.of("p_web_1:webby", "db:db"));
    assertThat(o.linkTarget("WEBBY")).contains("p_web_1");
    assertThat(o.linkTarget("db")).contains("db");
    assertThat(o.linkTarget("web")).isEmpty();
    assertThat(NetworkOptions.NONE.links()).isEmpty();
  }
}
