package io.berth.engine.container.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.oci.Json;
import io.berth.oci.runtime.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs generated specs with the real runc (as root): the default profile must let ordinary programs
 * work and stop namespace creation and mounts, with Docker's 14 capabilities.
 */
class RuncSpecTest {
  private static final Path RUNC = Path.of("/usr/sbin/runc");
  private static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final AtomicInteger SEQ = new AtomicInteger();

  @TempDir Path dir;
  Path rootfs;
  Path runcRoot;
  final List<String> ids = new ArrayList<>();

  record Result(int exit, String output) {}

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    assumeTrue(Files.isExecutable(RUNC) && Files.isExecutable(BUSYBOX), "needs runc and busybox-static");
    rootfs = Files.createDirectories(dir.resolve("bundle/rootfs"));
    for (String d : List.of("bin", "proc", "sys", "dev", "etc", "tmp", "mnt")) Files.createDirectories(rootfs.resolve(d));
    Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
    runcRoot = Files.createDirectories(dir.resolve("runc-root"));
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (String id : ids) {
      new ProcessBuilder(RUNC.toString(), "--root", runcRoot.toString(), "delete", "-f", id)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
      removeCgroups(id);
    }
  }

  private static void removeCgroups(String id) throws IOException {
    Path cgroupRoot = Path.of("/sys/fs/cgroup");
    if (!Files.isDirectory(cgroupRoot)) return;
    try (DirectoryStream<Path> controllers = Files.newDirectoryStream(cgroupRoot)) {
      for (Path controller : controllers) {
        Path parent = controller.resolve("berth-test");
        for (Path p : List.of(parent.resolve(id), parent)) {
          try {
            Files.deleteIfExists(p); // rmdir; fails while other tests still use the parent: fine
          } catch (IOException ignored) {
            // not empty or busy
          }
        }
      }
    }
  }

  Result run(String... args) throws Exception {
    return run(false, args);
  }

  Result run(boolean privileged, String... args) throws Exception {
    String id = "berth-spec-test-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    ids.add(id);
    SpecInput in = SpecInput.builder(id, rootfs, List.of(args)).hostname("spectest").cgroupsPath("/berth-test/" + id)
        .privileged(privileged).build();
    Spec spec = SpecGenerator.forThisHost().generate(in);
    Files.write(dir.resolve("bundle/config.json"), Json.bytes(spec));
    java.lang.Process p = new ProcessBuilder(RUNC.toString(), "--root", runcRoot.toString(), "run", "--bundle",
        dir.resolve("bundle").toString(), id).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void shell_echo_works() throws Exception {
    assertThat(run("/bin/busybox", "sh", "-c", "echo ok")).isEqualTo(new Result(0, "ok\n"));
  }

  @Test
  void ls_and_ps_work() throws Exception {
    Result ls = run("/bin/busybox", "ls", "/");
    assertThat(ls.exit()).as(ls.output()).isZero();
    assertThat(ls.output()).contains("bin", "proc", "dev");
    Result ps = run("/bin/busybox", "ps");
    assertThat(ps.exit()).as(ps.output()).isZero();
    assertThat(ps.output()).contains("PID").contains("ps");
  }

  @Test
  void namespaces_and_mounts_are_refused() throws Exception {
    Result unshare = run("/bin/busybox", "unshare", "-U", "true");
    assertThat(unshare.exit()).as(unshare.output()).isNotZero();
    Result mount = run("/bin/busybox", "mount", "-t", "tmpfs", "x", "/mnt");
    assertThat(mount.exit()).as(mount.output()).isNotZero();
  }

  @Test
  void process_has_dockers_fourteen_capabilities() throws Exception {
    Result status = run("/bin/busybox", "cat", "/proc/self/status");
    assertThat(status.exit()).as(status.output()).isZero();
    assertThat(status.output()).contains("CapEff:\t00000000a80425fb", "CapBnd:\t00000000a80425fb", "Seccomp:\t2");
  }

  @Test
  void privileged_container_starts_with_every_capability_the_host_has() throws Exception {
    Result status = run(true, "/bin/busybox", "sh", "-c", "/bin/busybox grep -E 'CapEff|Seccomp:' /proc/self/status; "
        + "/bin/busybox mount -t tmpfs x /mnt && echo mounted");
    long hostMask = HostFacts.readCapBnd(Path.of("/proc/self/status"));
    assertThat(status.exit()).as(status.output()).isZero();
    assertThat(status.output()).contains("CapEff:\t%016x".formatted(hostMask), "Seccomp:\t0", "mounted");
  }

  @Test
  void hostname_and_environment_are_set() throws Exception {
    Result r = run("/bin/busybox", "sh", "-c", "/bin/busybox hostname; echo $HOSTNAME $HOME; echo $PATH");
    assertThat(r).isEqualTo(new Result(0,
        "spectest\nspectest /\n/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"));
  }

  @Test
  void masked_and_readonly_proc_paths_are_enforced() throws Exception {
    Result r = run("/bin/busybox", "sh", "-c",
        "/bin/busybox wc -c /proc/timer_list; echo 1 > /proc/sys/kernel/domainname && echo writable");
    assertThat(r.output()).contains("0 /proc/timer_list").doesNotContain("writable");
  }
}
