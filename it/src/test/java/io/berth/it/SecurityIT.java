package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Privileges and security options of real containers: what the process inside can and cannot do. */
class SecurityIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  private static io.berth.testkit.Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("run", "--rm"));
    all.addAll(List.of(args));
    return berth.berth(all.toArray(String[]::new));
  }

  private static String hostCapBnd() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapBnd:"))
        .map(l -> l.substring(7).strip()).findFirst().orElseThrow();
  }

  @Test
  void privileged_container_gets_every_capability_the_host_has_and_can_add_links_and_mount() throws IOException {
    var r = run("--privileged", "busybox", "sh", "-c",
        "ip link add veth-a type veth peer name veth-b && ip link show veth-a >/dev/null && "
            + "mkdir -p /mnt && mount -t tmpfs none /mnt && touch /mnt/x && grep CapEff /proc/self/status "
            + "&& grep Seccomp: /proc/self/status && ls /dev && echo ok");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("CapEff:\t" + hostCapBnd()).contains("Seccomp:\t0").contains("ok");
    if (Files.exists(Path.of("/dev/kmsg"))) assertThat(r.stdout()).contains("kmsg"); // the host's devices
  }

  @Test
  void cap_drop_all_makes_chown_fail_and_cap_add_grants() {
    var dropped = run("--cap-drop", "ALL", "busybox", "chown", "1", "/tmp");
    assertThat(dropped.exitCode()).as(dropped.toString()).isNotZero();
    assertThat(dropped.stderr()).contains("Operation not permitted");
    var plain = run("busybox", "ip", "link", "add", "veth-a", "type", "veth", "peer", "name", "veth-b");
    assertThat(plain.exitCode()).as(plain.toString()).isNotZero();
    var added = run("--cap-add", "net_admin", "busybox", "ip", "link", "add", "veth-a", "type", "veth", "peer", "name",
        "veth-b");
    assertThat(added.exitCode()).as(added.toString()).isZero();
    var onlyChown = run("--cap-drop", "ALL", "--cap-add", "CAP_CHOWN", "busybox", "chown", "1", "/tmp");
    assertThat(onlyChown.exitCode()).as(onlyChown.toString()).isZero();
  }

  @Test
  void unknown_capabilities_and_options_are_refused_at_create_with_dockers_texts() {
    var cap = berth.docker("create", "--cap-add", "FOO", "busybox", "true");
    assertThat(cap.exitCode()).isNotZero();
    assertThat(cap.stderr()).contains("invalid CapAdd: unknown capability: \"CAP_FOO\"");
    var opt = berth.docker("create", "--security-opt", "foo=bar", "busybox", "true");
    assertThat(opt.stderr()).contains("invalid --security-opt 2: \"foo=bar\"");
    var sysctl = berth.api().postJson("/containers/create",
        "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"Sysctls\":{\"kernel.hostname\":\"x\"}}}");
    assertThat(sysctl.status()).isEqualTo(400);
    assertThat(sysctl.json().path("message").asText()).isEqualTo("sysctl 'kernel.hostname=x' is not allowed");
  }

  @Test
  void read_only_rootfs_refuses_writes_but_keeps_dev_shm_writable() {
    var r = run("--read-only", "busybox", "sh", "-c", "touch /dev/shm/ok && echo shm-ok; touch /x; touch /tmp/y");
    assertThat(r.stdout()).as(r.toString()).contains("shm-ok");
    assertThat(r.stderr()).contains("touch: /x: Read-only file system").contains("touch: /tmp/y: Read-only file system");
  }

  @Test
  void no_new_privileges_and_seccomp_options_reach_the_process() throws IOException {
    assertThat(run("--security-opt", "no-new-privileges", "busybox", "grep", "NoNewPrivs", "/proc/self/status").stdout())
        .isEqualTo("NoNewPrivs:\t1\n");
    assertThat(run("busybox", "grep", "NoNewPrivs", "/proc/self/status").stdout()).isEqualTo("NoNewPrivs:\t0\n");
    assertThat(run("--security-opt", "seccomp=unconfined", "busybox", "grep", "Seccomp:", "/proc/self/status").stdout())
        .isEqualTo("Seccomp:\t0\n");
    assertThat(run("busybox", "grep", "Seccomp:", "/proc/self/status").stdout()).isEqualTo("Seccomp:\t2\n");
    // A profile file: the CLI sends its JSON; this one denies chmod.
    Path profile = berth.work().resolve("deny-chmod.json");
    Files.writeString(profile, """
        {
          "defaultAction": "SCMP_ACT_ALLOW",
          "syscalls": [ { "names": ["chmod", "fchmod", "fchmodat", "fchmodat2"], "action": "SCMP_ACT_ERRNO" } ]
        }
        """);
    var denied = run("--security-opt", "seccomp=" + profile, "busybox", "chmod", "700", "/tmp");
    assertThat(denied.exitCode()).as(denied.toString()).isNotZero();
    assertThat(denied.stderr()).contains("Operation not permitted");
    var viaDocker = berth.docker("run", "--rm", "--security-opt", "seccomp=" + profile, "busybox", "chmod", "700", "/tmp");
    assertThat(viaDocker.exitCode()).as(viaDocker.toString()).isNotZero();
    assertThat(viaDocker.stderr()).contains("Operation not permitted");
  }

  @Test
  void sysctls_are_set_in_the_containers_own_network_namespace() throws IOException {
    String host = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip();
    var r = run("--sysctl", "net.ipv4.ip_forward=1", "--sysctl", "net.ipv4.ip_unprivileged_port_start=2000", "busybox",
        "cat", "/proc/sys/net/ipv4/ip_forward", "/proc/sys/net/ipv4/ip_unprivileged_port_start");
    assertThat(r.stdout()).as(r.toString()).isEqualTo("1\n2000\n");
    assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip()).isEqualTo(host);
  }

  @Test
  void group_add_adds_named_and_numeric_groups() {
    var r = run("--group-add", "app", "--group-add", "4242", "busybox", "id");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("groups=0(root)").contains("1000(app)").contains("4242");
    var unknown = run("--group-add", "no-such-group", "busybox", "id");
    assertThat(unknown.exitCode()).isEqualTo(125);
    assertThat(unknown.stderr()).contains("Unable to find group no-such-group: no matching entries in group file");
  }

  @Test
  void user_forms_resolve_in_the_container() {
    assertThat(run("-u", "1234:5678", "busybox", "id").stdout()).isEqualTo("uid=1234 gid=5678 groups=5678\n");
    assertThat(run("-u", "nobody:app", "busybox", "sh", "-c", "id -u; id -g").stdout()).isEqualTo("65534\n1000\n");
    assertThat(run("-u", "no-such-user", "busybox", "id").stderr())
        .contains("unable to find user no-such-user: no matching entries in passwd file");
  }

  @Test
  void init_forwards_the_stop_signal_and_reaps_zombies() throws IOException {
    var d = berth.berth("run", "-d", "--init", "busybox", "sleep", "100");
    assertThat(d.exitCode()).as(d.toString()).isZero();
    long t0 = System.nanoTime();
    var stop = berth.berth("stop", d.out());
    long took = (System.nanoTime() - t0) / 1_000_000;
    assertThat(stop.exitCode()).as(stop.toString()).isZero();
    // Without an init, "sleep" as pid 1 ignores SIGTERM and stop waits its 10 s grace period.
    assertThat(took).as("stop took %d ms", took).isLessThan(5000);
    berth.berth("rm", d.out());

    for (boolean init : List.of(true, false)) {
      List<String> args = new ArrayList<>(List.of("run", "-d"));
      if (init) args.add("--init");
      // The subshell exits at once; its background sleep is re-parented to pid 1, which must reap it.
      args.addAll(List.of("busybox", "sh", "-c", "(sleep 0.2 &) ; exec sleep 100"));
      var c = berth.berth(args.toArray(String[]::new));
      assertThat(c.exitCode()).as(c.toString()).isZero();
      String pid = berth.berth("inspect", "--format", "{{.State.Pid}}", c.out()).out();
      // With tini: the orphan is reaped and only "sleep 100" (S) is left below it. Without: pid 1 is
      // "sleep 100" itself, which never waits, so the orphan stays a zombie (Z).
      List<String> expected = List.of(init ? "S" : "Z");
      BerthDaemon.eventually(Duration.ofSeconds(10), "processes below pid 1 are " + expected + " (init=" + init + ")",
          () -> descendantStates(pid).equals(expected));
      berth.berth("rm", "-f", c.out());
    }
  }

  /** The states (R, S, Z, ...) of the processes below {@code pid}, from /proc. */
  private static List<String> descendantStates(String pid) {
    List<String> out = new ArrayList<>();
    try {
      for (String child : children(pid)) {
        String stat = Files.readString(Path.of("/proc", child, "stat"));
        out.add(stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
        out.addAll(descendantStates(child));
      }
    } catch (IOException e) {
      // a process ended while we looked
    }
    return out;
  }

  private static List<String> children(String pid) throws IOException {
    List<String> out = new ArrayList<>();
    try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
      for (Path t : tasks.toList()) {
        String c = Files.readString(t.resolve("children")).strip();
        if (!c.isEmpty()) out.addAll(List.of(c.split("\\s+")));
      }
    }
    return out;
  }
}
