package io.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.cli.Cli;
import io.berth.cli.Main;
import io.berth.cli.compose.ComposeCommand;
import io.berth.cli.compose.ProjectSource;
import io.berth.compose.model.Project;
import io.berth.compose.model.Service;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth compose ...} against a fake daemon, the project given through the {@link ProjectSource} seam. */
class ComposeCommandsTest {
  @TempDir Path dir;
  private FakeDaemon daemon;
  private final AtomicReference<String> containers = new AtomicReference<>("[]");
  private final AtomicReference<ProjectSource.Request> loaded = new AtomicReference<>();

  record Run(int exit, String out, String err) {}

  static Service service(String name) {
    return new Service(name, Optional.of("busybox"), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
        List.of(), List.of(), List.of(), List.of(), Map.of(), Optional.empty(), Map.of(), Optional.empty(), "no", 1,
        Service.Resources.NONE, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), false, false, Optional.empty(), false, false, List.of(), Map.of(), List.of(),
        List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), Optional.empty(), "missing", List.of(),
        List.of(), List.of(), Optional.empty(), Optional.empty());
  }

  static final Project PROJECT = new Project("p", Path.of("/srv/p"), List.of(Path.of("/srv/p/compose.yaml")),
      Map.of("web", service("web")), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

  @BeforeEach
  void start() throws IOException {
    ComposeCommand.source = new ProjectSource() {
      @Override public Project load(Request request) {
        loaded.set(request);
        return PROJECT;
      }

      @Override public String yaml(Project project) { return "name: " + project.name() + "\n"; }
    };
    daemon = FakeDaemon.start(dir, (method, path, query, body) -> switch (method + " " + path) {
      case "GET /containers/json" -> new FakeDaemon.Reply(200, containers.get());
      case "GET /networks/p_default" -> new FakeDaemon.Reply(404, "{\"message\":\"network p_default not found\"}");
      case "POST /networks/create" -> new FakeDaemon.Reply(201, "{\"Id\":\"n1\",\"Warning\":\"\"}");
      case "GET /images/busybox/json" -> new FakeDaemon.Reply(200, "{\"Id\":\"sha256:b1\"}");
      case "POST /containers/create" -> new FakeDaemon.Reply(201, "{\"Id\":\"c1\",\"Warnings\":[]}");
      case "POST /containers/p-web-1/start" -> new FakeDaemon.Reply(204, "");
      default -> new FakeDaemon.Reply(404, "{\"message\":\"not here: " + method + " " + path + "\"}");
    });
  }

  @AfterEach
  void stop() {
    daemon.close();
    ComposeCommand.source = ProjectSource.standard();
  }

  Run berth(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 2];
    all[0] = "-H";
    all[1] = daemon.host();
    System.arraycopy(args, 0, all, 2, args.length);
    int exit;
    try (var cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(new byte[0]), Map.of("COMPOSE_X", "1"),
        Clock.fixed(Instant.ofEpochSecond(1795849200L), ZoneOffset.UTC))) {
      exit = Main.run(cli, all);
    }
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void up_d_creates_the_network_and_the_container_and_prints_composes_progress() {
    Run r = berth("compose", "-p", "p", "--profile", "dev", "-f", "a.yaml", "up", "-d");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).isEqualTo("""
         Network p_default  Creating
         Network p_default  Created
         Container p-web-1  Creating
         Container p-web-1  Created
         Container p-web-1  Starting
         Container p-web-1  Started
        """);
    assertThat(loaded.get().projectName()).contains("p");
    assertThat(loaded.get().profiles()).containsExactly("dev");
    assertThat(loaded.get().files()).containsExactly(Path.of("a.yaml").toAbsolutePath());
    assertThat(loaded.get().environment()).containsEntry("COMPOSE_X", "1");
    String create = daemon.requests.stream().filter(q -> q.startsWith("POST /v1.47/containers/create")).findFirst().orElseThrow();
    assertThat(create).contains("name=p-web-1").contains("\"com.docker.compose.project\":\"p\"")
        .contains("\"com.docker.compose.oneoff\":\"False\"").contains("\"NetworkMode\":\"p_default\"")
        .contains("\"Aliases\":[\"web\"]");
    String net = daemon.requests.stream().filter(q -> q.startsWith("POST /v1.47/networks/create")).findFirst().orElseThrow();
    assertThat(net).contains("\"Name\":\"p_default\"").contains("\"com.docker.compose.network\":\"default\"");
  }

  @Test
  void ps_prints_composes_columns() {
    containers.set("""
        [{"Id":"c1","Names":["/p-web-1"],"Image":"busybox","ImageID":"sha256:b1","Command":"sh -c 'exec httpd -f'",
          "Created":1795849080,"Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"}],
          "Labels":{"com.docker.compose.project":"p","com.docker.compose.service":"web",
          "com.docker.compose.container-number":"1","com.docker.compose.oneoff":"False"},
          "State":"running","Status":"Up 2 minutes"}]""");
    Run r = berth("compose", "ps");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("""
        NAME      IMAGE     COMMAND                  SERVICE   CREATED         STATUS         PORTS
        p-web-1   busybox   "sh -c 'exec httpd -…"   web       2 minutes ago   Up 2 minutes   0.0.0.0:8080->80/tcp
        """);
    assertThat(berth("compose", "ps", "--services").out()).isEqualTo("web\n");
    assertThat(berth("compose", "ps", "-q").out()).isEqualTo("c1\n");
    assertThat(daemon.requests).anyMatch(q -> q.contains("/containers/json?") && q.contains("com.docker.compose.project%3Dp"));
  }

  @Test
  void an_unknown_service_is_composes_error() {
    Run r = berth("compose", "up", "-d", "nope");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("no such service: nope\n");
  }

  @Test
  void config_prints_the_writers_yaml_and_version_needs_no_project() {
    assertThat(berth("compose", "config").out()).isEqualTo("name: p\n");
    assertThat(berth("compose", "config", "--services").out()).isEqualTo("web\n");
    assertThat(berth("compose", "version").out()).startsWith("Berth Compose version v2.");
  }
}
