package io.berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.client.json.JsonReader;
import io.berth.client.model.BuildMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code POST /build} query as the docker CLI sends it, and the message stream's model. */
class BuildOptionsTest {
  @Test
  void defaults_send_only_the_builder_version() {
    assertThat(BuildOptions.builder().build().toQuery().encode()).isEqualTo("version=1");
  }

  @Test
  void query_matches_the_docker_cli_trace() {
    // DOCKER_BUILDKIT=0 docker build -q -t rsx/built:1 --build-arg GREETING=hey ctx (client-traces.md)
    var q = BuildOptions.builder().tag("rsx/built:1").buildArg("GREETING", Optional.of("hey")).quiet(true)
        .dockerfile("Dockerfile").build().toQuery();
    assertThat(q.encode()).isEqualTo("buildargs=%7B%22GREETING%22%3A%22hey%22%7D&dockerfile=Dockerfile&q=1&t=rsx%2Fbuilt%3A1&version=1");
  }

  @Test
  void every_option_is_encoded_as_docker_does() {
    var q = BuildOptions.builder().tag("a:1").tag("b").buildArg("Z", Optional.empty()).buildArg("A", Optional.of("1"))
        .label("l", "v").target("build").noCache(true).rm(false).forceRm(true).networkMode("host").shmSize(1024)
        .extraHost("h:1.2.3.4").extraHost("g:5.6.7.8").platform("Linux/AMD64").pull(true).cacheFrom("x:1").build().toQuery();
    assertThat(q.encode()).isEqualTo(String.join("&",
        "buildargs=" + Query.escape("{\"A\":\"1\",\"Z\":null}"),
        "cachefrom=" + Query.escape("[\"x:1\"]"),
        "extrahosts=h%3A1.2.3.4", "extrahosts=g%3A5.6.7.8", "forcerm=1",
        "labels=" + Query.escape("{\"l\":\"v\"}"), "networkmode=host", "nocache=1", "platform=linux%2Famd64",
        "pull=1", "rm=0", "shmsize=1024", "t=a%3A1", "t=b", "target=build", "version=1"));
  }

  @Test
  void network_default_is_not_sent() {
    assertThat(BuildOptions.builder().networkMode("default").build().toQuery().encode()).isEqualTo("version=1");
  }

  @Test
  void messages_parse_into_the_sealed_model() {
    String stream = """
        {"stream":"Step 1/2 : FROM busybox\\n"}
        {"status":"Downloading","progressDetail":{"current":10,"total":20},"progress":"[==>  ]","id":"a1b2"}
        {"aux":{"ID":"sha256:abc"}}
        {"errorDetail":{"code":3,"message":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"},"error":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"}
        {"error":"plain"}
        {}
        """;
    List<BuildMessage> got = new ArrayList<>();
    JsonReader.readValues(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), v -> got.add(BuildMessage.parse(v)));
    assertThat(got).containsExactly(
        new BuildMessage.Stream("Step 1/2 : FROM busybox\n"),
        new BuildMessage.Status("Downloading", "a1b2", "[==>  ]", 10, 20),
        new BuildMessage.Aux(Map.of("ID", "sha256:abc")),
        new BuildMessage.Error(3, "The command '/bin/sh -c exit 3' returned a non-zero code: 3"),
        new BuildMessage.Error(0, "plain"),
        new BuildMessage.Other(Map.of()));
    assertThat(((BuildMessage.Aux) got.get(2)).imageId()).contains("sha256:abc");
  }
}
