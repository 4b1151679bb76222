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
        Map.of("web", new Service.Dependency("service_healthy", false, true)), Optional.empty(), List.of(), List.of());
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
}
