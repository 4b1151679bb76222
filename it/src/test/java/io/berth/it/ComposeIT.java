package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.client.EngineClient;
import io.berth.compose.converge.ClientEngine;
import io.berth.compose.converge.Converger;
import io.berth.compose.converge.Lifecycle;
import io.berth.compose.converge.Progress;
import io.berth.compose.converge.UpOptions;
import io.berth.compose.model.Project;
import io.berth.compose.model.Service;
import io.berth.testkit.Cli;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import io.berth.cli.Main;
import io.berth.cli.compose.ComposeCommand;
import io.berth.cli.compose.ProjectSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The compose converger against a real berthd: a busybox httpd with a published port, a wget
 * healthcheck and a named volume, and a worker that waits for it to be healthy. First {@code up}
 * creates everything in order, a second one keeps everything, a changed environment recreates that
 * service only, {@code --scale web=2} adds a replica, {@code down -v} leaves nothing behind. The
 * project is built from the model records (the loader is another module's work).
 */
class ComposeIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  private static final String HTTPD =
      "mkdir -p /www && echo hello-compose > /www/index.html && exec httpd -f -p 80 -h /www";

  private final List<String> lines = new ArrayList<>();
  private final Progress progress = new Progress() {
    @Override public void event(String kind, String name, String status) {
      synchronized (lines) {
        lines.add(Progress.line(kind, name, status));
      }
    }

    @Override public void warn(String message) { lines.add("WARN " + message); }
  };

  private static Service service(String name, List<String> command, Map<String, String> env,
      Map<String, Service.Dependency> deps, Optional<Service.Healthcheck> health, List<Service.Port> ports,
      List<Service.ServiceVolume> volumes) {
    return new Service(name, Optional.of("busybox"), Optional.empty(), Optional.of(command), Optional.empty(), env, ports,
        List.of(), volumes, List.of(), Map.of(), Optional.empty(), deps, health, "no", 1, Service.Resources.NONE, Map.of(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(Duration.ofSeconds(1)), false, false, Optional.empty(), false, false, List.of(), Map.of(), List.of(),
        List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), Optional.empty(), "missing", List.of(),
        List.of(), List.of(), Optional.empty(), Optional.empty());
  }

  private static Project project(String workerEnv) {
    var web = service("web", List.of("sh", "-c", HTTPD), Map.of("ROLE", "web"), Map.of(),
        Optional.of(new Service.Healthcheck(List.of("CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1/ || exit 1"),
            Optional.of(Duration.ofMillis(500)), Optional.of(Duration.ofSeconds(3)), Optional.of(20), Optional.empty(),
            Optional.empty())),
        List.of(new Service.Port("80", Optional.empty(), Optional.of("127.0.0.1"), "tcp")),
        List.of(new Service.ServiceVolume("volume", Optional.of("data"), "/data", false, false, false, Optional.empty(),
            Optional.empty(), Optional.empty())));
    var worker = service("worker", List.of("sh", "-c", "echo worker up; exec sleep 3600"), Map.of("V", workerEnv),
        Map.of("web", new Service.Dependency("service_healthy", false, true)), Optional.empty(), List.of(),
        List.of(new Service.ServiceVolume("volume", Optional.empty(), "/cache", false, false, false, Optional.empty(),
            Optional.empty(), Optional.empty())));
    var services = new LinkedHashMap<String, Service>();
    services.put("web", web);
    services.put("worker", worker);
    var volumes = Map.of("data", new Project.VolumeDef("data", "cit_data", "local", Map.of(), false, Map.of()));
    return new Project("cit", berth.work(), List.of(berth.work().resolve("compose.yaml")), services, Map.of(), Map.of(),
        volumes, Map.of(), Map.of());
  }

  private static String ok(Cli.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out();
  }

  private static String id(String name) { return ok(berth.docker("inspect", "-f", "{{.Id}}", name)); }

  private static String httpGet(int port) throws IOException {
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void up_keeps_recreates_scales_and_down_removes_everything() throws Exception {
    EngineClient client = EngineClient.connect(berth.daemon().dockerHost());
    var engine = new ClientEngine(client);
    var converger = new Converger(engine, progress);
    var down = new Lifecycle.DownOptions(false, true, Optional.empty(), OptionalInt.of(1));
    try {
      converger.up(project("1"), UpOptions.defaults());
      assertThat(lines).containsSubsequence(" Network cit_default  Created", " Volume cit_data  Created",
          " Container cit-web-1  Created", " Container cit-worker-1  Created", " Container cit-web-1  Started",
          " Container cit-web-1  Healthy", " Container cit-worker-1  Started");
      assertThat(ok(berth.docker("inspect", "-f", "{{.State.Health.Status}}", "cit-web-1"))).isEqualTo("healthy");

      String ps = ok(berth.docker("ps", "--filter", "label=com.docker.compose.project=cit", "--format",
          "{{.Names}} {{.Label \"com.docker.compose.service\"}} {{.Label \"com.docker.compose.container-number\"}}"));
      assertThat(ps.lines().sorted().toList()).containsExactly("cit-web-1 web 1", "cit-worker-1 worker 1");
      assertThat(ok(berth.docker("inspect", "-f", "{{index .Config.Labels \"com.docker.compose.oneoff\"}} "
          + "{{index .Config.Labels \"com.docker.compose.depends_on\"}}", "cit-worker-1")))
          .isEqualTo("False web:service_healthy:false");
      assertThat(ok(berth.docker("network", "inspect", "-f", "{{index .Labels \"com.docker.compose.network\"}}",
          "cit_default"))).isEqualTo("default");
      assertThat(ok(berth.docker("volume", "inspect", "-f", "{{index .Labels \"com.docker.compose.volume\"}}",
          "cit_data"))).isEqualTo("data");
      int port = Integer.parseInt(ok(berth.docker("port", "cit-web-1", "80")).replaceAll("(?s).*:(\\d+).*", "$1"));
      assertThat(httpGet(port)).contains("hello-compose");

      String web = id("cit-web-1");
      String worker = id("cit-worker-1");
      String cache = ok(berth.docker("inspect", "-f", "{{range .Mounts}}{{if eq .Destination \"/cache\"}}{{.Name}}{{end}}{{end}}",
          "cit-worker-1"));
      assertThat(cache).matches("[0-9a-f]{64}");
      lines.clear();
      converger.up(project("1"), UpOptions.defaults());
      assertThat(lines).containsExactly(" Container cit-web-1  Running", " Container cit-worker-1  Running");
      assertThat(id("cit-web-1")).isEqualTo(web);
      assertThat(id("cit-worker-1")).isEqualTo(worker);

      lines.clear();
      converger.up(project("2"), UpOptions.defaults());
      assertThat(lines).contains(" Container cit-web-1  Running", " Container cit-worker-1  Recreated",
          " Container cit-worker-1  Started");
      assertThat(id("cit-web-1")).isEqualTo(web);
      assertThat(id("cit-worker-1")).isNotEqualTo(worker);
      assertThat(ok(berth.docker("inspect", "-f", "{{.State.Running}}", "cit-worker-1"))).isEqualTo("true");
      assertThat(ok(berth.docker("inspect", "-f", "{{range .Mounts}}{{if eq .Destination \"/cache\"}}{{.Name}}{{end}}{{end}}",
          "cit-worker-1"))).as("the anonymous volume survives the recreate").isEqualTo(cache);
      assertThat(ok(berth.docker("ps", "-a", "-q", "--filter", "label=com.docker.compose.service=worker")).lines())
          .hasSize(1);

      lines.clear();
      converger.up(project("2"), UpOptions.defaults().withScale(Map.of("web", 2)));
      assertThat(lines).contains(" Container cit-web-1  Running", " Container cit-web-2  Started");
      assertThat(ok(berth.docker("inspect", "-f", "{{.State.Running}}", "cit-web-2"))).isEqualTo("true");
      assertThat(id("cit-web-1")).isEqualTo(web);

      new Lifecycle(engine, progress).down(project("2"), down);
      assertThat(ok(berth.docker("ps", "-a", "-q", "--filter", "label=com.docker.compose.project=cit"))).isEmpty();
      assertThat(ok(berth.docker("network", "ls", "-q", "--filter", "label=com.docker.compose.project=cit"))).isEmpty();
      assertThat(ok(berth.docker("volume", "ls", "-q", "--filter", "label=com.docker.compose.project=cit"))).isEmpty();
      assertThat(ok(berth.docker("volume", "ls", "-q"))).isEmpty();
    } finally {
      try {
        new Lifecycle(engine, progress).down(project("2"), down);
      } catch (RuntimeException e) {
        // already down (or the test failed early): the daemon's leak check reports what is left
      }
      client.close();
    }
  }

  record Run(int exit, String out, String err) {}

  /** {@code berth compose ...} in this JVM with {@code source} (the loader unless a test gives records). */
  private static Run compose(ProjectSource source, String... args) {
    ComposeCommand.source = source;
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    var all = new ArrayList<String>(List.of("-H", berth.daemon().dockerHost(), "compose"));
    all.addAll(List.of(args));
    try (var cli = new io.berth.cli.Cli(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), Map.of(),
        Clock.systemUTC())) {
      int exit = Main.run(cli, all.toArray(String[]::new));
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      ComposeCommand.source = ProjectSource.standard();
    }
  }

  /** {@code berth compose -f <file> ...}: the file loaded by the compose loader. */
  private static Run compose(Path file, String... args) {
    var all = new ArrayList<String>(List.of("-f", file.toString()));
    all.addAll(List.of(args));
    return compose(ProjectSource.standard(), all.toArray(String[]::new));
  }

  private static Path write(String dir, String yaml) throws IOException {
    Path d = Files.createDirectories(berth.work().resolve(dir));
    return Files.writeString(d.resolve("compose.yaml"), yaml);
  }

  private static final String APP = """
      name: cyml
      services:
        web:
          image: busybox
          command: ["sh", "-c", "mkdir -p /www && echo hello-compose > /www/index.html && exec httpd -f -p 80 -h /www"]
          ports: ["127.0.0.1::80"]
          healthcheck:
            test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1/ || exit 1"]
            interval: 500ms
            timeout: 3s
            retries: 20
          volumes: ["data:/data"]
          stop_grace_period: 1s
        worker:
          image: busybox
          command: ["sh", "-c", "echo worker up; exec sleep 3600"]
          depends_on:
            web:
              condition: service_healthy
          stop_grace_period: 1s
      volumes:
        data: {}
      """;

  @Test
  void the_compose_commands_drive_a_project_loaded_from_its_file() throws IOException {
    Path p = write("app", APP);
    try {
      Run config = compose(p, "config", "--services");
      assertThat(config.out().lines().toList()).as(config.err()).containsExactly("web", "worker");
      Run up = compose(p, "up", "-d");
      assertThat(up.exit()).as(up.err()).isZero();
      assertThat(up.err()).contains(" Container cyml-web-1  Healthy", " Container cyml-worker-1  Started");
      assertThat(compose(p, "up", "-d").err()).isEqualTo(" Container cyml-web-1  Running\n Container cyml-worker-1  Running\n");
      assertThat(ok(berth.docker("inspect", "-f", "{{index .Config.Labels \"com.docker.compose.project.config_files\"}}",
          "cyml-web-1"))).isEqualTo(p.toString());
      Run ps = compose(p, "ps");
      assertThat(ps.out().lines().toList()).hasSize(3);
      assertThat(ps.out()).startsWith("NAME").contains("cyml-web-1").contains("cyml-worker-1").contains("127.0.0.1:");
      assertThat(compose(p, "ps", "--services").out().lines().sorted().toList()).containsExactly("web", "worker");
      BerthDaemon.eventually(Duration.ofSeconds(10), "the worker's line is logged",
          () -> compose(p, "logs", "--no-color", "worker").out().contains("worker-1  | worker up"));
      Run exec = compose(p, "exec", "-T", "web", "cat", "/www/index.html");
      assertThat(exec.exit()).as(exec.err()).isZero();
      assertThat(exec.out()).isEqualTo("hello-compose\n");
      Run port = compose(p, "port", "web", "80");
      assertThat(port.out()).startsWith("127.0.0.1:");
      Run run = compose(p, "run", "--rm", "-T", "--no-deps", "worker", "sh", "-c", "echo one-off; exit 3");
      assertThat(run.out()).contains("one-off");
      assertThat(run.exit()).isEqualTo(3);
      Run stop = compose(p, "stop", "-t", "1");
      assertThat(stop.err()).containsSubsequence(" Container cyml-worker-1  Stopped", " Container cyml-web-1  Stopped");
      Run down = compose(p, "down", "-v");
      assertThat(down.exit()).as(down.err()).isZero();
      assertThat(down.err()).contains(" Network cyml_default  Removed", " Volume cyml_data  Removed");
      assertThat(ok(berth.docker("ps", "-a", "-q", "--filter", "label=com.docker.compose.project=cyml"))).isEmpty();
    } finally {
      compose(p, "down", "-v", "-t", "1");
    }
  }

  @Test
  void attached_up_prints_prefixed_logs_and_returns_the_exit_code_from_the_service() throws IOException {
    Path p = write("job", """
        name: cjob
        services:
          job:
            image: busybox
            command: ["sh", "-c", "echo job done; exit 5"]
        """);
    try {
      Run up = compose(p, "up", "--no-color", "--exit-code-from", "job");
      assertThat(up.exit()).as(up.out() + up.err()).isEqualTo(5);
      assertThat(up.out()).contains("Attaching to cjob-job-1").contains("job-1  | job done")
          .contains("job-1 exited with code 5");
    } finally {
      compose(p, "down", "-t", "1");
    }
  }

  @Test
  void a_missing_file_is_the_loaders_error_with_status_1() {
    Run r = compose(berth.work().resolve("nowhere/compose.yaml"), "ps");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isNotBlank();
  }
}
