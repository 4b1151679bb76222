package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Cli;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ps --filter/--format}, {@code images}, {@code inspect -f} and {@code container prune}
 * against real containers: berth's CLI prints exactly what the docker CLI prints for the same
 * daemon, and the daemon selects what docker's would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FormatFilterIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  @BeforeAll
  static void containers() {
    // oldest first: ok (exit 0), fail (exit 3), job (created), web (running)
    must(berth.berth("run", "--name", "ok", "-l", "team=core", "-l", "tier", "busybox", "true"));
    assertThat(berth.berth("run", "--name", "fail", "-l", "team=data", "busybox", "sh", "-c", "exit 3").exitCode()).isEqualTo(3);
    must(berth.berth("create", "--name", "job", "-l", "x=<a&b>", "busybox", "true"));
    must(berth.berth("run", "-d", "--name", "web", "-l", "team=core", "busybox", "sleep", "300"));
  }

  private static Cli.Result must(Cli.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  /**
   * Runs both CLIs. Durations ("5 seconds ago", "Up 3 seconds") depend on when each CLI ran, which
   * may straddle a second (more so when sizes are computed): they are compared as "N seconds".
   */
  private static void same(String... args) {
    Cli.Result b = null;
    Cli.Result d = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      b = berth.berth(args);
      d = berth.docker(args);
      if (b.stdout().equals(d.stdout()) && b.stderr().replace("berth", "docker").equals(d.stderr())
          && b.exitCode() == d.exitCode()) {
        return;
      }
    }
    assertThat(durations(b.stdout())).as("stdout of %s", String.join(" ", args)).isEqualTo(durations(d.stdout()));
    assertThat(b.stderr().replace("berth", "docker")).as("stderr of %s", String.join(" ", args)).isEqualTo(d.stderr());
    assertThat(b.exitCode()).as("exit status of %s", String.join(" ", args)).isEqualTo(d.exitCode());
  }

  private static String durations(String s) {
    return s.replaceAll("(Less than a second|\\d+ seconds?|About a minute)", "N seconds");
  }

  private static List<String> names(String... filterArgs) {
    List<String> args = new ArrayList<>(List.of("ps", "--format", "{{.Names}}"));
    args.addAll(List.of(filterArgs));
    Cli.Result r = must(berth.berth(args.toArray(String[]::new)));
    return r.stdout().lines().toList();
  }

  @Test @Order(1)
  void filters_select_what_docker_selects() {
    assertThat(names()).containsExactly("web");
    assertThat(names("-a")).containsExactly("web", "job", "fail", "ok");
    assertThat(names("-f", "status=exited")).containsExactly("fail", "ok");
    assertThat(names("-f", "exited=3")).isEmpty(); // docker: exited needs -a
    assertThat(names("-a", "-f", "exited=3")).containsExactly("fail");
    assertThat(names("-a", "-f", "label=team")).containsExactly("web", "fail", "ok");
    assertThat(names("-a", "-f", "label=team=core")).containsExactly("web", "ok");
    assertThat(names("-a", "-f", "label=tier", "-f", "label=team=core")).containsExactly("ok");
    assertThat(names("-a", "-f", "name=^o")).containsExactly("ok");
    assertThat(names("-a", "-f", "ancestor=busybox")).containsExactly("web", "job", "fail", "ok");
    assertThat(names("-a", "-f", "ancestor=busybox:latest", "-f", "status=created")).containsExactly("job");
    assertThat(names("-a", "-f", "ancestor=" + berth.busyboxId().substring(7, 19))).hasSize(4);
    assertThat(names("-a", "-f", "before=job")).containsExactly("fail", "ok");
    assertThat(names("-a", "-f", "since=fail")).containsExactly("web", "job");
    assertThat(names("-a", "-f", "health=none")).hasSize(4);
    assertThat(names("-n", "2")).containsExactly("web", "job");
    assertThat(names("-l")).containsExactly("web");
    String webId = must(berth.berth("inspect", "-f", "{{.Id}}", "web")).out();
    assertThat(names("-a", "-f", "id=" + webId.substring(0, 8))).containsExactly("web");
  }

  @Test @Order(2)
  void bad_filters_fail_as_docker_fails() {
    same("ps", "-f", "foo=bar");
    same("ps", "-a", "-f", "status=exit");
    same("ps", "-a", "-f", "exited=x");
    same("ps", "-a", "-f", "health=sick");
    same("ps", "-a", "-f", "since=nope");
    same("ps", "-f", "nameonly");
    var api = berth.api().get("/containers/json?filters=%7Bbad");
    assertThat(api.status()).isEqualTo(400);
    assertThat(api.text()).contains("invalid filter");
  }

  @Test @Order(3)
  void ps_prints_what_docker_prints() {
    same("ps");
    same("ps", "-a");
    same("ps", "-a", "--no-trunc");
    same("ps", "-aq");
    same("ps", "-as", "--format", "table {{.Names}}\t{{.Size}}");
    same("ps", "-a", "--format", "{{json .}}");
    same("ps", "-a", "--format", "json");
    same("ps", "-a", "--format", "table {{.ID}}\\t{{.Names}}\\t{{.Label \"team\"}}\\t{{.State}}");
    same("ps", "-a", "--format", "{{.Names}}: {{.Labels}} {{.Label \"x\"}} {{.Command}} {{.Image}} {{.Size}}");
    same("ps", "-a", "--format", "{{range $i, $l := split .Labels \",\"}}{{$i}}={{$l}} {{end}}|{{upper .Names}}");
    same("ps", "-a", "--format", "{{if eq .State \"running\"}}{{.Names}} is up{{else}}{{.Names}} is {{.State}}{{end}}");
    same("ps", "-a", "--filter", "label=team", "--format", "raw");
    same("ps", "-q", "--format", "{{.Names}}");
    same("ps", "--format", "{{.Nope}}");
    same("ps", "--format", "{{.ID");
    same("ps", "--format", "table {{.Foo}}");
    same("container", "ls", "-a", "--format", "{{.Names}}");
    same("container", "list", "--filter", "status=exited", "-q");
  }

  @Test @Order(4)
  void images_and_inspect_print_what_docker_prints() {
    same("images");
    same("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}");
    same("images", "--format", "{{json .}}");
    same("images", "--format", "table {{.ID}}\\t{{.Size}}");
    same("images", "-f", "reference=busybox", "-q");
    same("images", "-f", "dangling=true");
    same("images", "--format", "{{.Nope}}");
    for (String f : List.of("{{.State.Status}} {{.State.ExitCode}} {{.State.Running}}", "{{json .Config}}",
        "{{index .Config.Labels \"team\"}}|{{index .Config.Labels \"zz\"}}|", "{{range .Mounts}}{{.Source}}{{end}}|",
        "{{.NetworkSettings.IPAddress}}|{{.HostConfig.IpcMode}}|{{.HostConfig.ShmSize}}", "{{.State.Health.Status}}",
        "{{json .HostConfig.LogConfig}} {{.LogPath | len | printf \"%d\"}}", "{{.Config.Entrypoint}} {{.Config.StopSignal}}|",
        "{{.Foo}}", "{{.ID", "{{.Id}} {{.Name}}", "{{json .Config.Labels}}", "json")) {
      same("inspect", "-f", f, "ok");
      same("inspect", "-f", f, "web");
    }
    same("inspect", "-f", "{{.Name}}", "ok", "nope");
    same("container", "inspect", "-f", "{{.State.Status}}", "fail");
    same("container", "inspect", "busybox");
    same("inspect", "-s", "-f", "{{.SizeRw}} {{gt .SizeRootFs 0}}", "ok");
  }

  @Test @Order(5)
  void container_prune_removes_stopped_containers_with_dockers_output() {
    var cancelled = berth.berth("container", "prune"); // stdin is at EOF: the answer is no
    assertThat(cancelled.exitCode()).isZero();
    assertThat(cancelled.stdout()).isEqualTo("WARNING! This will remove all stopped containers.\n"
        + "Are you sure you want to continue? [y/N] ");
    assertThat(names("-a")).hasSize(4);

    String failId = must(berth.berth("inspect", "-f", "{{.Id}}", "fail")).out();
    var byLabel = must(berth.berth("container", "prune", "-f", "--filter", "label=team=data"));
    assertThat(byLabel.stdout()).isEqualTo("Deleted Containers:\n" + failId + "\n\nTotal reclaimed space: 0B\n");

    var nothing = must(berth.docker("container", "prune", "-f", "--filter", "until=1h"));
    assertThat(nothing.stdout()).isEqualTo("Total reclaimed space: 0B\n");
    same("container", "prune", "-f", "--filter", "bogus=1");
    same("container", "prune", "-f", "--filter", "until=later");

    String jobId = must(berth.berth("inspect", "-f", "{{.Id}}", "job")).out();
    String okId = must(berth.berth("inspect", "-f", "{{.Id}}", "ok")).out();
    var all = must(berth.docker("container", "prune", "-f"));
    assertThat(all.stdout()).isEqualTo("Deleted Containers:\n" + jobId + "\n" + okId + "\n\nTotal reclaimed space: 0B\n");
    assertThat(names("-a")).containsExactly("web");
  }
}
