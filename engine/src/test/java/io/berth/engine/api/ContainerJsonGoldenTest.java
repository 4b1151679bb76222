package io.berth.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerConfig;
import io.berth.engine.container.ContainerPaths;
import io.berth.engine.container.ContainerState;
import io.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wire form of a container, compared with golden files (the actual output is written to target/). */
class ContainerJsonGoldenTest {
  private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456789Z");
  private static final String ID = "3f2a91c0d1e2f3a4b5c6d7e8f90123456789abcdef0123456789abcdef012345";

  private static Container exited() {
    var config = new ContainerConfig("busybox", List.of(), List.of("sh", "-c", "exit 3"), List.of("PATH=/bin"), "/",
        "", "3f2a91c0d1e2", "", Map.of("team", "core"), false, false, false, false, true, true, Optional.empty(),
        Optional.empty(), true, io.berth.engine.container.HostOptions.defaults(), Optional.empty());
    var state = ContainerState.created().started(4242, CREATED.plusSeconds(1)).exited(3, CREATED.plusSeconds(2));
    return new Container(ID, "web", CREATED, Digest.sha256("config".getBytes(StandardCharsets.UTF_8)), config, state);
  }

  private static void assertGolden(String name, Object doc) throws IOException {
    String actual = new String(Responses.bytes(doc), StandardCharsets.UTF_8) + "\n";
    Path out = Path.of("target", "golden-actual", name);
    Files.createDirectories(out.getParent());
    Files.writeString(out, actual);
    try (InputStream in = ContainerJsonGoldenTest.class.getResourceAsStream(name)) {
      assertThat(in).as("golden file %s (actual output in %s)", name, out).isNotNull();
      assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void inspect_document_has_the_fields_docker_prints() throws IOException {
    var paths = new ContainerPaths(Path.of("/var/lib/berth"), Path.of("/run/berth"));
    assertGolden("container-inspect.json", ContainerJson.inspect(exited(), paths));
  }

  /**
   * Every field dockerd 20.10 shows for a plain {@code docker run --network none busybox echo hi}
   * (dockerd-20.10-inspect.json) is in berth's document too, with the same JSON type, except
   * what berth does not have: docker's driver internals (lower/upper/work dirs of overlay2),
   * the "none" network endpoint, and the kernel-memory limits newer dockers dropped.
   */
  @Test
  void inspect_document_has_every_field_of_dockerd() throws IOException {
    var paths = new ContainerPaths(Path.of("/var/lib/berth"), Path.of("/run/berth"));
    var mapper = io.berth.oci.Json.mapper();
    com.fasterxml.jackson.databind.JsonNode berth = mapper.readTree(Responses.bytes(ContainerJson.inspect(exited(), paths)));
    com.fasterxml.jackson.databind.JsonNode docker;
    try (InputStream in = ContainerJsonGoldenTest.class.getResourceAsStream("dockerd-20.10-inspect.json")) {
      docker = mapper.readTree(in);
    }
    List<String> missing = new java.util.ArrayList<>();
    compare("", docker, berth, missing);
    missing.removeIf(p -> p.startsWith("GraphDriver.Data.") || p.startsWith("NetworkSettings.Networks.none")
        || p.equals("HostConfig.KernelMemory") || p.equals("HostConfig.KernelMemoryTCP"));
    assertThat(missing).isEmpty();
  }

  private static void compare(String path, com.fasterxml.jackson.databind.JsonNode docker,
      com.fasterxml.jackson.databind.JsonNode berth, List<String> missing) {
    docker.properties().forEach(e -> {
      String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      com.fasterxml.jackson.databind.JsonNode b = berth.get(e.getKey());
      if (b == null) {
        missing.add(p);
      } else if (e.getValue().isObject() && b.isObject() && !p.endsWith("Labels")) {
        compare(p, e.getValue(), b, missing);
      } else if (!e.getValue().isNull() && !b.isNull() && e.getValue().getNodeType() != b.getNodeType()) {
        missing.add(p + " (" + b.getNodeType() + " instead of " + e.getValue().getNodeType() + ")");
      }
    });
  }

  @Test
  void summary_has_the_fields_docker_ps_reads() throws IOException {
    Map<String, Object> summary = ContainerJson.summary(exited());
    summary.put("Status", "Exited (3) 5 seconds ago"); // the only field that depends on the clock
    assertGolden("container-summary.json", summary);
  }
}
