package io.berth.compose.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MergerTest {
  private static Map<String, Object> merged(String base, String over) {
    Yaml.Doc b = Yaml.parse("a.yaml", base);
    Yaml.Doc o = Yaml.parse("b.yaml", over);
    return Merger.files(Merger.castMap(b.root()), Merger.castMap(o.root()), o.resets(), o.overrides());
  }

  private static Map<String, Object> web(Map<String, Object> tree) {
    return Merger.castMap(Merger.castMap(tree.get("services")).get("web"));
  }

  @Test
  void mappings_merge_and_sequences_append() {
    Map<String, Object> web = web(merged("""
        services:
          web: {image: a, dns: [1.1.1.1], cap_add: [NET_ADMIN], environment: {A: "1"}}
        """, """
        services:
          web: {dns: [8.8.8.8, 1.1.1.1], environment: [B=2], tty: true}
        """));
    assertThat(web).containsEntry("image", "a").containsEntry("tty", true)
        .containsEntry("dns", List.of("1.1.1.1", "8.8.8.8")).containsEntry("environment", Map.of("A", "1", "B", "2"));
  }

  @Test
  void commands_are_replaced_and_unique_resources_merge_by_key() {
    Map<String, Object> web = web(merged("""
        services:
          web:
            command: [a, b]
            healthcheck: {test: [CMD, a], interval: 10s}
            ports: ["8080:80", "9000:90"]
            volumes: ["./a:/data", "/cache"]
            secrets: [s1]
        """, """
        services:
          web:
            command: c
            healthcheck: {test: [CMD, b]}
            ports: ["8080:80", "8443:443"]
            volumes: ["./b:/data"]
            secrets: [{source: s1, target: s1, mode: 0400}]
        """));
    assertThat(web.get("command")).isEqualTo("c");
    assertThat(web.get("healthcheck")).isEqualTo(Map.of("test", List.of("CMD", "b"), "interval", "10s"));
    assertThat(web.get("ports")).isEqualTo(List.of("8080:80", "9000:90", "8443:443"));
    assertThat(web.get("volumes")).isEqualTo(List.of("./b:/data", "/cache"));
    assertThat((List<?>) web.get("secrets")).hasSize(1);
  }

  @Test
  void build_strings_and_maps_merge_and_depends_on_lists_become_maps() {
    Map<String, Object> web = web(merged("""
        services:
          web: {build: ./app, depends_on: [db]}
        """, """
        services:
          web: {build: {target: prod}, depends_on: {cache: {condition: service_healthy}}}
        """));
    assertThat(web.get("build")).isEqualTo(Map.of("context", "./app", "target", "prod"));
    assertThat(Merger.castMap(web.get("depends_on"))).containsOnlyKeys("db", "cache");
  }

  @Test
  void reset_removes_and_override_replaces() {
    Map<String, Object> web = web(merged("""
        services:
          web: {image: a, ports: ["80:80"], environment: {A: "1", B: "2"}}
        """, """
        services:
          web:
            ports: !reset []
            environment: !override {C: "3"}
        """));
    assertThat(web).doesNotContainKey("ports").containsEntry("environment", Map.of("C", "3"));
  }
}
