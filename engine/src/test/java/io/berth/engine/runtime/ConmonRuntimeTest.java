package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conmon + runc for real (as root): create, start, exit codes, logs, errors, kill, delete, survival. */
class ConmonRuntimeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir static Path shared;
  @TempDir Path tmp;
  private static Path rootfs;
  private RuntimeFixture fx;

  @BeforeAll static void buildRootfs() throws Exception {
    rootfs = TestBundles.rootfs(shared);
  }

  @BeforeEach void setUp() {
    fx = new RuntimeFixture(tmp, rootfs);
  }

  @AfterEach void tearDown() throws Exception {
    fx.close();
  }

  @Test void create_then_start_records_the_exit_code_in_the_exit_file() throws Exception {
    String id = fx.newId();
    OciRuntime.Created c = fx.runtime.create(fx.request(id, List.of("sh", "-c", "exit 3")));
    assertThat(c.pid()).isPositive();
    assertThat(c.conmonPid()).isPositive().isNotEqualTo(c.pid());
    assertThat(c.exitFile()).isEqualTo(fx.exitFile(id));
    assertThat(fx.runtime.state(id)).hasValueSatisfying(s -> {
      assertThat(s.status()).isEqualTo("created");
      assertThat(s.pid()).isEqualTo(c.pid());
    });

    fx.runtime.start(id);

    assertThat(fx.awaitExit(id, WAIT)).isEqualTo(3);
    assertThat(fx.runtime.state(id)).hasValueSatisfying(s -> assertThat(s.status()).isEqualTo("stopped"));
    fx.runtime.delete(id, false);
    assertThat(fx.runtime.state(id)).isEmpty();
  }

  @Test void stdout_and_stderr_go_to_the_k8s_file_log() throws Exception {
    String id = fx.newId();
    var req = fx.request(id, List.of("sh", "-c", "echo out; echo err >&2; printf partial"));
    fx.runtime.create(req);
    fx.runtime.start(id);
    assertThat(fx.awaitExit(id, WAIT)).isZero();
    fx.runtime.delete(id, false);

    List<String> lines = Files.readAllLines(req.logFile());
    assertThat(lines).anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}[+-]\\d\\d:\\d\\d stdout F out"));
    assertThat(lines).anyMatch(l -> l.endsWith(" stderr F err"));
    assertThat(lines).anyMatch(l -> l.endsWith(" stdout P partial"));
  }

  @Test void command_not_found_fails_create_with_runc_message_and_127() throws Exception {
    String id = fx.newId();
    assertThatThrownBy(() -> fx.runtime.create(fx.request(id, List.of("nope"))))
        .isInstanceOfSatisfying(RuntimeFailure.class, f -> {
          assertThat(f.exitCode()).isEqualTo(127);
          assertThat(f.getMessage()).contains("exec: \"nope\": executable file not found in $PATH")
              .doesNotContain("level=").doesNotContain("{");
        });
    assertThat(fx.runtime.state(id)).isEmpty();
    assertThat(Files.exists(fx.exitFile(id))).isFalse();
  }

  @Test void non_executable_command_fails_create_with_126() throws Exception {
    String id = fx.newId();
    assertThatThrownBy(() -> fx.runtime.create(fx.request(id, List.of("/bin/noexec"))))
        .isInstanceOfSatisfying(RuntimeFailure.class, f -> {
          assertThat(f.exitCode()).isEqualTo(126);
          assertThat(f.getMessage()).contains("permission denied");
        });
  }

  @Test void sigkill_reports_137() throws Exception {
    String id = fx.newId();
    fx.runtime.create(fx.request(id, List.of("sleep", "1000")));
    fx.runtime.start(id);
    assertThat(fx.runtime.state(id)).hasValueSatisfying(s -> assertThat(s.status()).isEqualTo("running"));
    fx.runtime.kill(id, 9, false);
    assertThat(fx.awaitExit(id, WAIT)).isEqualTo(137);
    fx.runtime.delete(id, false);
  }

  @Test void sigterm_reaches_the_process_and_its_exit_is_recorded() throws Exception {
    // The container's init is pid 1 of its namespace and the kernel drops signals it has no handler
    // for, so (as under Docker) SIGTERM ends it only when it traps it; 143 is what such programs return.
    String id = fx.newId();
    fx.runtime.create(fx.request(id, List.of("sh", "-c", "trap 'exit 143' TERM; sleep 1000 & wait")));
    fx.runtime.start(id);
    Thread.sleep(100); // let the shell install its trap
    fx.runtime.kill(id, 15, false);
    assertThat(fx.awaitExit(id, WAIT)).isEqualTo(143);
    fx.runtime.delete(id, false);
  }

  @Test void kill_all_reaches_every_process_of_the_container() throws Exception {
    String id = fx.newId();
    fx.runtime.create(fx.request(id, List.of("sh", "-c", "sleep 1000 & sleep 1000")));
    fx.runtime.start(id);
    fx.runtime.kill(id, 9, true);
    assertThat(fx.awaitExit(id, WAIT)).isEqualTo(137);
    fx.runtime.delete(id, false);
  }

  @Test void delete_removes_runtime_state_and_cgroup_and_is_idempotent() throws Exception {
    String id = fx.newId();
    fx.runtime.create(fx.request(id, List.of("sleep", "1000")));
    assertThat(RuntimeFixture.cgroupDirs(id)).isNotEmpty();
    assertThat(Files.isDirectory(fx.runtimeRoot.resolve(id))).isTrue();

    fx.runtime.delete(id, true);

    assertThat(fx.runtime.state(id)).isEmpty();
    assertThat(RuntimeFixture.cgroupDirs(id)).isEmpty();
    assertThat(Files.exists(fx.runtimeRoot.resolve(id))).isFalse();
    // conmon sees its (never started) container die and records that
    assertThat(fx.awaitExit(id, WAIT)).isEqualTo(137);
    fx.runtime.delete(id, true);
  }

  @Test void delete_without_force_of_a_running_container_conflicts() throws Exception {
    String id = fx.newId();
    fx.runtime.create(fx.request(id, List.of("sleep", "1000")));
    fx.runtime.start(id);
    assertThatThrownBy(() -> fx.runtime.delete(id, false)).isInstanceOf(BerthException.Conflict.class);
    fx.runtime.delete(id, true);
    assertThat(fx.awaitExit(id, WAIT)).isEqualTo(137);
  }

  @Test void operations_on_an_unknown_container_say_so() {
    assertThatThrownBy(() -> fx.runtime.start("nosuch")).isInstanceOf(BerthException.NotFound.class)
        .hasMessage("no such container: nosuch");
    assertThatThrownBy(() -> fx.runtime.kill("nosuch", 9, false)).isInstanceOf(BerthException.NotFound.class);
    assertThat(fx.runtime.state("nosuch")).isEmpty();
    fx.runtime.delete("nosuch", true);
  }

  @Test void kill_and_start_of_an_exited_container_conflict() throws Exception {
    String id = fx.newId();
    fx.runtime.create(fx.request(id, List.of("true")));
    fx.runtime.start(id);
    assertThat(fx.awaitExit(id, WAIT)).isZero();
    assertThatThrownBy(() -> fx.runtime.kill(id, 9, false)).isInstanceOf(BerthException.Conflict.class);
    assertThatThrownBy(() -> fx.runtime.start(id)).isInstanceOf(BerthException.Conflict.class);
    fx.runtime.delete(id, false);
  }

  @Test void invalid_ids_are_refused_before_anything_runs() {
    assertThatThrownBy(() -> fx.runtime.state("../etc")).isInstanceOf(BerthException.InvalidArgument.class);
    assertThatThrownBy(() -> fx.runtime.create(fx.request("a.b", List.of("true"))))
        .isInstanceOf(BerthException.InvalidArgument.class);
  }

  @Test void create_leaves_no_child_process_in_the_jvm() throws Exception {
    String id = fx.newId();
    var c = fx.runtime.create(fx.request(id, List.of("sleep", "1000")));
    assertThat(ProcessHandle.current().children().toList()).isEmpty();
    ProcessHandle conmon = ProcessHandle.of(c.conmonPid()).orElseThrow();
    assertThat(conmon.parent().map(ProcessHandle::pid)).isNotEqualTo(java.util.Optional.of(ProcessHandle.current().pid()));
    assertThat(ConmonRuntime.conmon(fx.bundle(id), id).map(ProcessHandle::pid)).contains((long) c.conmonPid());
    fx.runtime.delete(id, true);
    fx.awaitExit(id, WAIT);
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(3);
    while (ConmonRuntime.conmon(fx.bundle(id), id).isPresent() && java.time.Instant.now().isBefore(deadline)) Thread.sleep(10);
    assertThat(ConmonRuntime.conmon(fx.bundle(id), id)).as("an exited conmon (maybe a zombie) is not alive").isEmpty();
    assertThat(ConmonRuntime.conmon(fx.bundle(id), "other")).isEmpty();
  }

  @Test void terminal_output_is_logged_as_stdout() throws Exception {
    String id = fx.newId();
    var req = fx.request(id, List.of("sh", "-c", "echo tty; [ -t 1 ] && echo is-a-tty"), true);
    fx.runtime.create(req);
    fx.runtime.start(id);
    assertThat(fx.awaitExit(id, WAIT)).isZero();
    fx.runtime.delete(id, false);
    String log = Files.readString(req.logFile());
    assertThat(log).contains(" stdout ").contains("tty").contains("is-a-tty").doesNotContain(" stderr ");
  }

  @Test void conmon_keeps_the_container_when_its_spawner_is_killed() throws Exception {
    String id = fx.newId();
    var req = fx.request(id, List.of("sh", "-c", "echo alive; exit 7"));
    // Another JVM creates the container and is then killed with SIGKILL, as a crashing berthd would be.
    String java = ProcessHandle.current().info().command().orElse("java");
    Process spawner = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        SpawnAndHang.class.getName(), fx.runtimeRoot.toString(), fx.socketDir.toString(), id,
        req.bundle().toString(), req.logFile().toString(), fx.exitDir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String line = new BufferedReader(new InputStreamReader(spawner.getInputStream())).readLine();
    assertThat(line).startsWith("created ");
    spawner.destroyForcibly();
    assertThat(spawner.waitFor(10, TimeUnit.SECONDS)).isTrue();

    ProcessHandle conmon = ConmonRuntime.conmon(req.pidDir(), id).orElseThrow(() -> new AssertionError("conmon died with its spawner"));
    assertThat(conmon.isAlive()).isTrue();
    fx.runtime.start(id);
    assertThat(fx.awaitExit(id, WAIT)).isEqualTo(7);
    assertThat(Files.readString(req.logFile())).contains("stdout F alive");
    fx.runtime.delete(id, false);
  }

  @Test void create_times_out_when_the_runtime_hangs_and_leaves_nothing_running() throws Exception {
    Path fake = tmp.resolve("hanging-runtime");
    Files.writeString(fake, """
        #!/bin/sh
        case "$*" in
          *create*) exec sleep 1000 ;;
          *) echo '{"level":"error","msg":"container does not exist"}' >&2; exit 1 ;;
        esac
        """);
    fake.toFile().setExecutable(true);
    var hanging = new ConmonRuntime(RuntimeFixture.CONMON, fake, fx.runtimeRoot, fx.socketDir,
        new ConmonRuntime.Options(Duration.ofSeconds(1), "error", false));
    String id = fx.newId();
    var req = fx.request(id, List.of("true"));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> hanging.create(req)).isInstanceOfSatisfying(RuntimeFailure.class, f -> {
      assertThat(f.getMessage()).startsWith("timed out after 1s");
      assertThat(f.exitCode()).isEqualTo(125);
    });
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
    assertThat(ProcessHandle.current().children().toList()).isEmpty();
    // the fake runtime's "create" (sleep) dies with conmon through conmon's PDEATHSIG
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(3);
    while (ProcessHandle.allProcesses().anyMatch(h -> h.info().arguments().map(a -> java.util.Arrays.asList(a).contains(id)).orElse(false))
        && java.time.Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    assertThat(ProcessHandle.allProcesses().filter(h -> h.info().arguments().map(a -> java.util.Arrays.asList(a).contains(id)).orElse(false)))
        .as("processes of %s", id).isEmpty();
  }

  @Test void crun_is_selectable_and_its_error_is_reported_verbatim() throws Exception {
    Path crun = Path.of("/usr/bin/crun");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(crun), "crun installed");
    var rt = new ConmonRuntime(RuntimeFixture.CONMON, crun, tmp.resolve("exec/crun"), fx.socketDir);
    assertThat(rt.name()).isEqualTo("crun");
    assertThat(rt.version()).startsWith("crun version");
    String id = fx.newId();
    try {
      var c = rt.create(fx.request(id, List.of("sh", "-c", "exit 4")));
      // a host crun accepts (cgroup v2): it must behave like runc
      rt.start(id);
      assertThat(fx.awaitExit(id, WAIT)).isEqualTo(4);
      assertThat(c.pid()).isPositive();
      rt.delete(id, false);
    } catch (RuntimeFailure f) {
      // this cgroup-v1-hybrid host: crun refuses, and says why
      assertThat(f.getMessage()).contains("cgroups in hybrid mode not supported");
      assertThat(f.exitCode()).isEqualTo(125);
    }
    assertThat(rt.state(id)).isEmpty();
  }
}
