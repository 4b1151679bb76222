package io.berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.client.json.JsonFields;
import io.berth.client.json.JsonReader;
import io.berth.client.json.JsonWriter;
import io.berth.client.model.ContainerConfig;
import io.berth.client.model.ContainerCreateRequest;
import io.berth.client.model.ContainerCreateResponse;
import io.berth.client.model.ContainerInspect;
import io.berth.client.model.ContainerSummary;
import io.berth.client.model.HostConfig;
import io.berth.client.model.PortBinding;
import io.berth.client.model.ImageDeleteResponseItem;
import io.berth.client.model.ImageInspect;
import io.berth.client.model.ImageSummary;
import io.berth.client.model.ProgressMessage;
import io.berth.client.model.RestartPolicy;
import io.berth.client.model.SystemInfo;
import io.berth.client.model.SystemVersion;
import io.berth.client.model.WaitResponse;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The explicit factories and writers must agree with the Jackson binding they replace. */
class ModelFactoriesTest {
  private static final String INSPECT = "{\"Id\":\"abc\",\"Created\":\"2023-11-14T22:13:20Z\",\"Path\":\"sh\",\"Args\":[\"-c\",\"x\"],"
      + "\"State\":{\"Status\":\"exited\",\"Running\":false,\"OOMKilled\":true,\"Dead\":false,\"Pid\":0,\"ExitCode\":3,\"Error\":\"\","
      + "\"StartedAt\":\"s\",\"FinishedAt\":\"f\"},\"Image\":\"sha256:1\",\"Name\":\"/web\",\"RestartCount\":2,\"Driver\":\"overlay2\","
      + "\"LogPath\":\"/l\",\"Unknown\":{\"x\":[1,2]},\"Config\":{\"Hostname\":\"h\",\"Tty\":true,\"Env\":[\"A=1\"],\"Cmd\":[\"sh\"],"
      + "\"Image\":\"busybox\",\"ExposedPorts\":{\"80/tcp\":{}},\"Volumes\":null,\"Entrypoint\":null,\"Labels\":{\"k\":\"v\"},"
      + "\"StopSignal\":\"SIGINT\",\"StopTimeout\":5},\"HostConfig\":{\"Binds\":[\"/a:/b\"],\"NetworkMode\":\"bridge\","
      + "\"RestartPolicy\":{\"Name\":\"always\",\"MaximumRetryCount\":0},\"AutoRemove\":true,\"Init\":true,\"Dns\":[\"1.1.1.1\"]}}";
  private static final String SUMMARIES = "[{\"Id\":\"a\",\"Names\":[\"/x\"],\"Image\":\"busybox\",\"ImageID\":\"sha256:b\",\"Command\":\"sh\","
      + "\"Created\":1700000000,\"Ports\":[{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\"},{\"PrivatePort\":53,\"Type\":\"udp\"}],"
      + "\"Labels\":{\"a\":\"b\"},\"State\":\"running\",\"Status\":\"Up\",\"SizeRw\":12,\"SizeRootFs\":34},{}]";
  private static final String IMAGES = "[{\"Id\":\"sha256:b\",\"ParentId\":\"\",\"RepoTags\":[\"busybox:latest\"],\"RepoDigests\":null,"
      + "\"Created\":1700000000,\"Size\":4261185,\"SharedSize\":-1,\"Labels\":null,\"Containers\":-1}]";
  private static final String INFO = "{\"ID\":\"id\",\"Containers\":3,\"ContainersRunning\":1,\"ContainersPaused\":0,\"ContainersStopped\":2,"
      + "\"Images\":4,\"Driver\":\"overlay2\",\"DriverStatus\":[[\"Backing Filesystem\",\"extfs\"]],\"DockerRootDir\":\"/var/lib/berth\","
      + "\"LoggingDriver\":\"json-file\",\"CgroupDriver\":\"cgroupfs\",\"CgroupVersion\":\"1\",\"KernelVersion\":\"6.18\","
      + "\"OperatingSystem\":\"Debian\",\"OSVersion\":\"12\",\"OSType\":\"linux\",\"Architecture\":\"x86_64\",\"NCPU\":2,"
      + "\"MemTotal\":8000000000,\"Name\":\"host\",\"Labels\":[\"a=b\"],\"ServerVersion\":\"1.0\",\"DefaultRuntime\":\"runc\","
      + "\"Runtimes\":{\"runc\":{\"path\":\"/usr/sbin/runc\"},\"crun\":{\"path\":\"/usr/bin/crun\",\"args\":[\"x\"]}},"
      + "\"SecurityOptions\":[\"name=seccomp\"],\"Warnings\":null,\"ExperimentalBuild\":false,\"LiveRestoreEnabled\":true}";
  private static final String VERSION = "{\"Platform\":{\"Name\":\"Berth Engine\"},\"Components\":[{\"Name\":\"Engine\",\"Version\":\"1\","
      + "\"Details\":{\"Os\":\"linux\",\"ApiVersion\":\"1.47\",\"MinAPIVersion\":\"1.24\"}},{\"Name\":\"runc\",\"Version\":\"1.1.5\",\"Details\":{\"GitCommit\":\"\"}}],"
      + "\"Version\":\"1\",\"ApiVersion\":\"1.47\",\"MinAPIVersion\":\"1.24\",\"GitCommit\":\"g\",\"GoVersion\":\"java25\",\"Os\":\"linux\","
      + "\"Arch\":\"amd64\",\"KernelVersion\":\"6.18\",\"Experimental\":false,\"BuildTime\":\"2023-11-14T22:13:20Z\"}";

  private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  private static <T> T mine(String json, Function<JsonFields, T> factory) {
    return EngineClient.object(b(json), factory);
  }

  @Test
  void objects_read_as_jackson_reads_them() {
    assertThat(mine(INSPECT, ContainerInspect::fromJson)).isEqualTo(ApiJson.read(b(INSPECT), ContainerInspect.class));
    assertThat(mine("{}", ContainerInspect::fromJson)).isEqualTo(ApiJson.read(b("{}"), ContainerInspect.class));
    assertThat(mine(INFO, SystemInfo::fromJson)).isEqualTo(ApiJson.read(b(INFO), SystemInfo.class));
    assertThat(mine(VERSION, SystemVersion::fromJson)).isEqualTo(ApiJson.read(b(VERSION), SystemVersion.class));
    String image = "{\"Id\":\"i\",\"RepoTags\":[\"a:b\"],\"Config\":{\"Env\":[\"P=1\"]},\"Os\":\"linux\",\"Size\":10}";
    assertThat(mine(image, ImageInspect::fromJson)).isEqualTo(ApiJson.read(b(image), ImageInspect.class));
    for (String w : List.of("{\"StatusCode\":3}", "{\"StatusCode\":0,\"Error\":{\"Message\":\"boom\"}}", "{\"StatusCode\":1,\"Error\":null}")) {
      assertThat(mine(w, WaitResponse::fromJson)).isEqualTo(ApiJson.read(b(w), WaitResponse.class));
    }
    String created = "{\"Id\":\"c\",\"Warnings\":[\"w\"]}";
    assertThat(mine(created, ContainerCreateResponse::fromJson)).isEqualTo(ApiJson.read(b(created), ContainerCreateResponse.class));
    String progress = "{\"status\":\"Loading\",\"id\":\"x\",\"progress\":\"[=>]\",\"error\":\"bad\"}";
    assertThat(mine(progress, ProgressMessage::fromJson)).isEqualTo(ApiJson.read(b(progress), ProgressMessage.class));
  }

  @Test
  void lists_read_as_jackson_reads_them() throws Exception {
    assertThat(EngineClient.list(b(SUMMARIES), ContainerSummary::fromJson))
        .isEqualTo(ApiJson.mapper().readValue(SUMMARIES, new TypeReference<List<ContainerSummary>>() {}));
    assertThat(EngineClient.list(b(IMAGES), ImageSummary::fromJson))
        .isEqualTo(ApiJson.mapper().readValue(IMAGES, new TypeReference<List<ImageSummary>>() {}));
    String deleted = "[{\"Untagged\":\"a:b\"},{\"Deleted\":\"sha256:c\"}]";
    assertThat(EngineClient.list(b(deleted), ImageDeleteResponseItem::fromJson))
        .isEqualTo(ApiJson.mapper().readValue(deleted, new TypeReference<List<ImageDeleteResponseItem>>() {}));
  }

  @Test
  void create_requests_are_written_as_jackson_wrote_them() {
    var labels = new LinkedHashMap<String, String>();
    labels.put("z", "1");
    labels.put("a", "q\"uote");
    var full = new ContainerCreateRequest(
        new ContainerConfig("h", "d", "u", true, true, false, Map.of("80/tcp", Map.of(), "53/udp", Map.of()), true, true, false,
            List.of("A=1", "B=é\n"), List.of("sh", "-c"), "busybox", Map.of("/v", Map.of()), "/w", List.of("/init"), labels,
            Optional.of("SIGTERM"), Optional.of(7)),
        new HostConfig(List.of("/a:/b"), "host", new RestartPolicy("on-failure", 3), true, true, true, List.of("8.8.8.8"),
            List.of("h:1.2.3.4"), Optional.of(false),
            Map.of("80/tcp", List.of(new PortBinding("", "8080"), new PortBinding("127.0.0.1", ""))), true));
    var minimal = new ContainerCreateRequest(ContainerConfig.empty(), null);
    var secured = new ContainerCreateRequest(ContainerConfig.empty(), HostConfig.empty().withSecurity(List.of("NET_ADMIN"),
        List.of("ALL"), List.of("no-new-privileges"), List.of("wheel", "10"), Map.of("net.b", "2", "net.a", "1")));
    for (ContainerCreateRequest r : List.of(full, minimal, secured)) {
      assertThat(JsonWriter.write(r.toJson())).isEqualTo(ApiJson.string(r));
    }
  }

  @Test
  void format_trees_match_jacksons_value_to_tree() {
    SystemInfo info = mine(INFO, SystemInfo::fromJson);
    assertThat(JsonWriter.write(info.toJson())).isEqualTo(ApiJson.string(ApiJson.mapper().valueToTree(info)));
    SystemVersion version = mine(VERSION, SystemVersion::fromJson);
    assertThat(JsonWriter.write(version.toJson())).isEqualTo(ApiJson.string(ApiJson.mapper().valueToTree(version)));
  }

  @Test
  void malformed_or_mistyped_answers_are_protocol_errors() {
    assertThatThrownBy(() -> mine("{\"Id\":", ContainerInspect::fromJson)).isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("invalid json from daemon: invalid json at line 1, column 7");
    assertThatThrownBy(() -> mine("{\"State\":{\"Running\":\"yes\"}}", ContainerInspect::fromJson))
        .hasMessage("invalid json from daemon: field State.Running: expected a boolean, got a string");
    assertThatThrownBy(() -> EngineClient.list(b("{}"), ImageSummary::fromJson))
        .hasMessage("invalid json from daemon: document: expected an array, got an object");
  }

  @Test
  void filters_are_encoded_as_before() {
    var q = new Query().filters(Map.of("name", List.of("b", "a"), "label", List.of("x=\"y\"")));
    assertThat(q.appendTo("/c")).isEqualTo(new Query().add("filters", ApiJson.string(Map.of("label", Map.of("x=\"y\"", true),
        "name", new java.util.TreeMap<>(Map.of("a", true, "b", true))))).appendTo("/c"));
  }

  @Test
  void the_raw_document_keeps_the_daemons_order() {
    Map<String, Object> doc = EngineClient.document(b(INSPECT));
    assertThat(doc.keySet()).startsWith("Id", "Created", "Path");
    assertThat(JsonWriter.write(doc)).isEqualTo(ApiJson.string(ApiJson.tree(b(INSPECT))));
    assertThat(JsonReader.parse(JsonWriter.write(doc))).isEqualTo(doc);
  }
}
