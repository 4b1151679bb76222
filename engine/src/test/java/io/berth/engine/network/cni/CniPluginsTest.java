package io.berth.engine.network.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.oci.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniPluginsTest {
  @TempDir Path dir;

  private Path plugin(String name, String script) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + script);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private static ObjectNode conf(String type) {
    ObjectNode c = Json.mapper().createObjectNode();
    c.put("cniVersion", "1.0.0");
    c.put("name", "n");
    c.put("type", type);
    return c;
  }

  @Test
  void add_passes_the_environment_and_config_and_returns_the_result() throws IOException {
    plugin("echo", """
        conf=$(cat)
        printf '{"cmd":"%s","id":"%s","netns":"%s","if":"%s","path":"%s","conf":%s}' \
          "$CNI_COMMAND" "$CNI_CONTAINERID" "$CNI_NETNS" "$CNI_IFNAME" "$CNI_PATH" "$conf"
        """);
    Path other = dir.resolve("other");
    Files.createDirectory(other);
    CniPlugins plugins = new CniPlugins(List.of(dir, other), Duration.ofSeconds(5));
    JsonNode r = plugins.add("c1", Path.of("/proc/1/ns/net"), "eth0", conf("echo"));
    assertThat(r.get("cmd").asText()).isEqualTo("ADD");
    assertThat(r.get("id").asText()).isEqualTo("c1");
    assertThat(r.get("netns").asText()).isEqualTo("/proc/1/ns/net");
    assertThat(r.get("if").asText()).isEqualTo("eth0");
    assertThat(r.get("path").asText()).isEqualTo(dir + ":" + other);
    assertThat(r.get("conf").get("type").asText()).isEqualTo("echo");
  }

  @Test
  void del_without_a_namespace_passes_an_empty_one_and_check_sends_the_previous_result() throws IOException {
    plugin("echo", "cat > \"$(dirname \"$0\")/stdin-$CNI_COMMAND\"; echo \"[$CNI_NETNS]\" > \"$(dirname \"$0\")/ns\"\n");
    CniPlugins plugins = new CniPlugins(List.of(dir), Duration.ofSeconds(5));
    plugins.del("c1", Optional.empty(), "eth0", conf("echo"));
    assertThat(Files.readString(dir.resolve("ns"))).isEqualTo("[]\n");
    plugins.check("c1", Path.of("/x"), "eth0", conf("echo"), Json.mapper().createObjectNode().put("ok", 1));
    assertThat(Json.mapper().readTree(dir.resolve("stdin-CHECK").toFile()).get("prevResult").get("ok").asInt())
        .isEqualTo(1);
  }

  @Test
  void a_plugin_error_object_becomes_the_message() throws IOException {
    plugin("bad", """
        cat >/dev/null
        echo '{"cniVersion":"1.0.0","code":7,"msg":"invalid config","details":"no bridge"}'
        echo 'more' >&2
        exit 1
        """);
    CniPlugins plugins = new CniPlugins(List.of(dir), Duration.ofSeconds(5));
    assertThatThrownBy(() -> plugins.add("c1", Path.of("/x"), "eth0", conf("bad")))
        .isInstanceOf(IOException.class)
        .hasMessage("CNI plugin bad ADD eth0 failed: invalid config (no bridge) [CNI error 7]; stderr: more");
  }

  @Test
  void failures_without_an_error_object_say_the_exit_status() {
    assertThat(CniPlugins.failure("x ADD", 2, "", "").getMessage()).isEqualTo("CNI plugin x ADD failed: exit status 2");
    assertThat(CniPlugins.failure("x ADD", 2, "panic: oops", "").getMessage())
        .isEqualTo("CNI plugin x ADD failed: exit status 2: panic: oops");
  }

  @Test
  void a_hanging_plugin_is_killed_at_the_timeout() throws IOException {
    plugin("hang", "sleep 30 & wait\n");
    CniPlugins plugins = new CniPlugins(List.of(dir), Duration.ofMillis(300));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> plugins.add("c1", Path.of("/x"), "eth0", conf("hang")))
        .hasMessage("CNI plugin hang ADD eth0 timed out after 300 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void the_spec_version_is_the_best_the_plugin_supports_asked_once() throws IOException {
    plugin("new", "echo x >> \"$(dirname \"$0\")/asked\"; echo '{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.3.1\",\"0.4.0\",\"1.0.0\"]}'\n");
    plugin("old", "echo '{\"cniVersion\":\"0.4.0\",\"supportedVersions\":[\"0.1.0\",\"0.2.0\",\"0.3.0\",\"0.3.1\",\"0.4.0\"]}'\n");
    plugin("ancient", "echo '{\"cniVersion\":\"0.3.1\",\"supportedVersions\":[\"0.1.0\",\"0.3.1\"]}'\n");
    CniPlugins plugins = new CniPlugins(List.of(dir), Duration.ofSeconds(5));
    assertThat(plugins.specVersion("new")).isEqualTo("1.0.0");
    assertThat(plugins.specVersion("new")).isEqualTo("1.0.0");
    assertThat(Files.readAllLines(dir.resolve("asked"))).hasSize(1);
    assertThat(plugins.specVersion("old")).isEqualTo("0.4.0");
    assertThatThrownBy(() -> plugins.specVersion("ancient"))
        .hasMessage("CNI plugin ancient supports spec versions [0.1.0, 0.3.1], Berth needs one of [1.0.0, 0.4.0]");
  }

  @Test
  void the_installed_bridge_plugin_speaks_1_0_0() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/cni/bridge")));
    assertThat(CniPlugins.onHost().specVersion("bridge")).isEqualTo("1.0.0");
    assertThat(CniPlugins.onHost().versions("static")).contains("1.0.0");
  }

  @Test
  void a_missing_plugin_is_named() {
    CniPlugins plugins = new CniPlugins(List.of(dir), Duration.ofSeconds(1));
    assertThatThrownBy(() -> plugins.find("bridge")).hasMessageContaining("CNI plugin bridge not found in " + dir);
    assertThatThrownBy(() -> plugins.find("../sh")).hasMessage("invalid CNI plugin name: ../sh");
  }
}
