package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.Json;
import io.berth.oci.runtime.Process;
import io.berth.oci.runtime.User;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runc exec --detach} for real (as root): pipes, half-close, exit codes, a terminal, errors, signals. */
class RuncExecTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir static Path shared;
  @TempDir Path tmp;
  private static Path rootfs;
  private RuntimeFixture fx;
  private String id;
  private int seq;

  @BeforeAll static void buildRootfs() throws Exception {
    rootfs = TestBundles.rootfs(shared);
  }

  @BeforeEach void startContainer() throws Exception {
    fx = new RuntimeFixture(tmp, rootfs);
    id = fx.newId();
    fx.runtime.create(fx.request(id, List.of("sleep", "1000")));
    fx.runtime.start(id);
  }

  @AfterEach void tearDown() throws Exception {
    fx.runtime.kill(id, 9, true);
    fx.awaitExit(id, WAIT);
    fx.runtime.delete(id, true);
    fx.close();
  }

  private OciRuntime.ExecRequest request(List<String> args, boolean terminal, boolean stdin) throws IOException {
    Path work = tmp.resolve("x" + (++seq));
    Files.createDirectories(work);
    Process p = new Process(terminal, terminal ? Optional.of(new Process.ConsoleSize(30, 100)) : Optional.empty(),
        User.root(), args, List.of("PATH=/bin", "TERM=xterm"), "/", Optional.empty(), List.of(), false,
        Optional.empty(), Optional.empty(), Optional.empty());
    Path file = work.resolve("process.json");
    Files.write(file, Json.bytes(p));
    return new OciRuntime.ExecRequest(id, file, work, terminal, stdin, true);
  }

  private static CompletableFuture<String> drain(InputStream in) {
    CompletableFuture<String> f = new CompletableFuture<>();
    Thread.ofPlatform().start(() -> {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      byte[] b = new byte[4096];
      try {
        for (int n; (n = in.read(b)) >= 0; ) buf.write(b, 0, n);
      } catch (IOException e) {
        // end of the stream
      }
      f.complete(buf.toString(StandardCharsets.UTF_8));
    });
    return f;
  }

  @Test void exec_returns_exit_code_and_separate_output_streams() throws Exception {
    try (ExecProcess p = fx.runtime.exec(request(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), false, false))) {
      var out = drain(p.stdout());
      var err = drain(p.stderr());
      assertThat(p.pid()).isPositive();
      assertThat(p.exit().get(10, TimeUnit.SECONDS)).isEqualTo(3);
      assertThat(out.get(10, TimeUnit.SECONDS)).isEqualTo("out\n");
      assertThat(err.get(10, TimeUnit.SECONDS)).isEqualTo("err\n");
    }
  }

  @Test void closing_stdin_gives_the_process_eof_and_output_keeps_flowing() throws Exception {
    try (ExecProcess p = fx.runtime.exec(request(List.of("sh", "-c", "cat; echo after-eof"), false, true))) {
      var out = drain(p.stdout());
      p.stdin().write("piped\n".getBytes(StandardCharsets.UTF_8));
      p.stdin().close();
      assertThat(p.exit().get(10, TimeUnit.SECONDS)).isZero();
      assertThat(out.get(10, TimeUnit.SECONDS)).isEqualTo("piped\nafter-eof\n");
    }
  }

  @Test void exit_is_reported_while_a_background_child_still_holds_the_output() throws Exception {
    try (ExecProcess p = fx.runtime.exec(request(List.of("sh", "-c", "sleep 3 & echo started"), false, false))) {
      var out = drain(p.stdout());
      long t0 = System.nanoTime();
      assertThat(p.exit().get(10, TimeUnit.SECONDS)).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
      assertThat(out).isNotDone();
      assertThat(out.get(10, TimeUnit.SECONDS)).isEqualTo("started\n");
    }
  }

  @Test void a_missing_executable_is_the_runtimes_message_with_127() throws Exception {
    assertThatThrownBy(() -> fx.runtime.exec(request(List.of("nope"), false, false)))
        .isInstanceOfSatisfying(RuntimeFailure.class, f -> {
          assertThat(f.getMessage()).contains("exec: \"nope\": executable file not found in $PATH");
          assertThat(f.exitCode()).isEqualTo(127);
        });
  }

  @Test void a_terminal_exec_gets_a_pty_with_the_console_size_and_resizes() throws Exception {
    try (ExecProcess p = fx.runtime.exec(request(
        List.of("sh", "-c", "test -t 0 && echo tty-in; read line; echo got-$line"), true, false))) {
      assertThat(p.terminal()).isTrue();
      var out = drain(p.stdout());
      p.resize(40, 120);
      p.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
      assertThat(p.exit().get(10, TimeUnit.SECONDS)).isZero();
      // the terminal echoes input and turns \n into \r\n
      assertThat(out.get(10, TimeUnit.SECONDS)).contains("tty-in\r\n").contains("got-hello\r\n");
    }
  }

  @Test void a_signal_ends_the_process_with_128_plus_the_signal() throws Exception {
    try (ExecProcess p = fx.runtime.exec(request(List.of("sleep", "100"), false, false))) {
      drain(p.stdout());
      p.signal(9);
      assertThat(p.exit().get(10, TimeUnit.SECONDS)).isEqualTo(137);
      p.signal(9); // after the exit: ignored
    }
  }
}
