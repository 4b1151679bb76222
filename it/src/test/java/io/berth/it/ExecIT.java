package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code exec} end to end: berth CLI, the docker CLI (also with a real pty through {@code script}),
 * and raw HTTP in docker-java's form (200 without Upgrade, frames until EOF, then the exit code).
 */
class ExecIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();
  static String id;

  @BeforeAll static void startContainer() {
    var run = berth.berth("run", "-d", "--name", "ex", "busybox", "sleep", "1000");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    id = run.out();
  }

  @AfterAll static void removeContainer() {
    berth.berth("rm", "-f", "ex");
  }

  @Test
  void exec_returns_the_exit_code_and_keeps_stdout_and_stderr_apart() {
    var r = berth.berth("exec", "ex", "sh", "-c", "echo out; echo err >&2; exit 3");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
    assertThat(berth.berth("exec", "ex", "true").exitCode()).isZero();
  }

  @Test
  void env_workdir_and_user_flags_apply() {
    var r = berth.berth("exec", "-e", "FOO=bar", "-w", "/tmp", "-u", "nobody", "ex", "sh", "-c",
        "echo $FOO; pwd; id -u; id -g; echo $HOME; echo $PATH");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    // HOME comes from the exec user's passwd entry, not the container's root
    assertThat(r.stdout()).isEqualTo("bar\n/tmp\n65534\n65534\n/home\n/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n");
    var unknown = berth.berth("exec", "-u", "ghost", "ex", "true");
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(1);
    assertThat(unknown.stderr()).contains("Error response from daemon: unable to find user ghost: no matching entries in passwd file");
  }

  @Test
  void privileged_exec_gets_the_hosts_bounding_set_and_a_plain_one_dockers_defaults() throws Exception {
    String hostBounding = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("CapBnd:")).findFirst().orElseThrow().substring("CapBnd:".length()).strip();
    var privileged = berth.berth("exec", "--privileged", "ex", "sh", "-c", "grep CapEff /proc/self/status");
    assertThat(privileged.exitCode()).as(privileged.toString()).isZero();
    assertThat(privileged.stdout().strip()).isEqualTo("CapEff:\t" + hostBounding);
    var plain = berth.docker("exec", "ex", "sh", "-c", "grep CapEff /proc/self/status");
    // Docker's 14 default capabilities
    assertThat(plain.stdout().strip()).isEqualTo("CapEff:\t00000000a80425fb");
  }

  @Test
  void missing_binary_exits_127_with_the_runtimes_message() {
    for (var r : List.of(berth.berth("exec", "ex", "no-such-binary"), berth.docker("exec", "ex", "no-such-binary"))) {
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(127);
      assertThat(r.all()).contains("OCI runtime exec failed: exec failed: unable to start container process: "
          + "exec: \"no-such-binary\": executable file not found in $PATH: unknown");
    }
    var dir = berth.docker("exec", "ex", "/etc");
    assertThat(dir.exitCode()).as(dir.toString()).isEqualTo(126);
  }

  @Test
  void exec_into_a_stopped_container_is_a_409_with_dockers_text() {
    var created = berth.berth("create", "--name", "ex-stopped", "busybox", "true");
    String stopped = created.out();
    try {
      var api = berth.api().postJson("/v1.47/containers/ex-stopped/exec", "{\"Cmd\":[\"true\"]}");
      assertThat(api.status()).isEqualTo(409);
      assertThat(api.json().path("message").asText()).isEqualTo("container " + stopped + " is not running");
      var cli = berth.berth("exec", "ex-stopped", "true");
      assertThat(cli.exitCode()).isEqualTo(1);
      assertThat(cli.stderr()).contains("Error response from daemon: container " + stopped + " is not running");
      var docker = berth.docker("exec", "ex-stopped", "true");
      assertThat(docker.exitCode()).isEqualTo(1);
      assertThat(docker.stderr()).contains("container " + stopped + " is not running");
    } finally {
      berth.berth("rm", "ex-stopped");
    }
    var missing = berth.api().postJson("/v1.47/containers/nope/exec", "{\"Cmd\":[\"true\"]}");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("message").asText()).isEqualTo("No such container: nope");
    var noExec = berth.api().get("/v1.47/exec/abc/json");
    assertThat(noExec.status()).isEqualTo(404);
    assertThat(noExec.json().path("message").asText()).isEqualTo("No such exec instance: abc");
    var noCmd = berth.api().postJson("/v1.47/containers/ex/exec", "{\"Cmd\":[]}");
    assertThat(noCmd.status()).isEqualTo(400);
    assertThat(noCmd.json().path("message").asText()).isEqualTo("No exec command specified");
  }

  @Test
  void piped_stdin_is_closed_at_eof_and_the_output_still_arrives() {
    for (String cli : List.of(berth.daemon().repoRoot().resolve("bin/berth").toString(), "/usr/local/bin/docker")) {
      var r = berth.cli().run(Duration.ofSeconds(60), List.of("sh", "-c",
          "printf 'a\\nb\\n' | " + cli + " exec -i ex sh -c 'cat; sleep 0.3; echo after-eof'"));
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.stdout()).isEqualTo("a\nb\nafter-eof\n");
    }
  }

  @Test
  void docker_cli_exec_works_against_berthd() {
    var r = berth.docker("exec", "-e", "X=1", "ex", "sh", "-c", "echo x=$X; exit 4");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(r.stdout()).isEqualTo("x=1\n");
    var detached = berth.docker("exec", "-d", "ex", "sh", "-c", "echo written > /tmp/from-detached");
    assertThat(detached.exitCode()).as(detached.toString()).isZero();
    BerthDaemon.eventually(Duration.ofSeconds(20), "the detached exec wrote its file",
        () -> berth.docker("exec", "ex", "cat", "/tmp/from-detached").stdout().equals("written\n"));
  }

  @Test
  void docker_exec_it_through_a_real_pty() {
    // script gives the docker CLI a terminal of 30x100; the CLI makes it raw, sends the size and resizes
    String inner = "stty rows 30 cols 100; /usr/local/bin/docker exec -it ex sh -c "
        + "'tty; stty size; echo TERM=\\$TERM; read line; echo got-\\$line; exit 5'";
    var r = berth.cli().run(Duration.ofSeconds(60), List.of("sh", "-c",
        "(sleep 2; printf 'hello\\r'; sleep 3) | script -qfec \"" + inner + "\" /dev/null"));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
    assertThat(r.stdout()).contains("/dev/pts/").contains("30 100").contains("TERM=xterm").contains("got-hello");
  }

  @Test
  void berth_exec_t_allocates_a_terminal() {
    var r = berth.berth("exec", "-t", "ex", "sh", "-c", "test -t 1 && echo on-a-tty");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("on-a-tty\r\n");
    var notTty = berth.berth("exec", "-it", "ex", "true"); // stdin is /dev/null here
    assertThat(notTty.exitCode()).isEqualTo(1);
    assertThat(notTty.stderr()).contains("the input device is not a TTY");
  }

  @Test
  void raw_http_start_without_upgrade_is_a_200_stream_with_half_close_and_then_the_exit_code() throws Exception {
    var create = berth.api().postJson("/v1.32/containers/ex/exec",
        "{\"AttachStdin\":true,\"AttachStdout\":true,\"AttachStderr\":true,\"Cmd\":[\"sh\",\"-c\",\"cat; echo to-err >&2; exit 4\"]}");
    assertThat(create.status()).as(create.toString()).isEqualTo(201);
    String exec = create.json().path("Id").asText();
    assertThat(exec).matches("[0-9a-f]{64}");
    assertThat(berth.api().get("/v1.32/containers/ex/json").json().path("ExecIDs").toString()).contains(exec);

    try (var raw = RawHttp.post(berth, "/v1.32/exec/" + exec + "/start", "{\"Detach\":false,\"Tty\":false}", false)) {
      assertThat(raw.statusLine).isEqualTo("HTTP/1.1 200 OK");
      assertThat(raw.headers).contains("content-type: application/vnd.docker.raw-stream");
      raw.out.write("line one\n".getBytes(StandardCharsets.UTF_8));
      raw.channel.shutdownOutput(); // half-close: stdin EOF, the output must still come
      List<String> frames = frames(raw.in.readAllBytes());
      // stdout and stderr are two pipes read apart (as in dockerd): each stream keeps its order,
      // but which of the two frames is sent first is a race
      assertThat(frames).containsExactlyInAnyOrder("1:line one\n", "2:to-err\n");
    }
    JsonNode inspect = berth.api().get("/v1.32/exec/" + exec + "/json").json();
    assertThat(inspect.path("ExitCode").asInt()).isEqualTo(4);
    assertThat(inspect.path("Running").asBoolean()).isFalse();
    assertThat(inspect.path("ContainerID").asText()).isEqualTo(id);
    assertThat(inspect.path("ProcessConfig").path("entrypoint").asText()).isEqualTo("sh");
    assertThat(inspect.path("Pid").asInt()).isPositive();

    var again = berth.api().postJson("/v1.32/exec/" + exec + "/start", "{\"Detach\":true}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("message").asText()).isEqualTo("exec command " + exec + " has already run");
  }

  @Test
  void upgrade_start_is_101_multiplexed_and_the_exit_code_is_null_while_running() throws Exception {
    var create = berth.api().postJson("/v1.47/containers/ex/exec",
        "{\"AttachStdout\":true,\"AttachStderr\":true,\"Cmd\":[\"sh\",\"-c\",\"echo started; sleep 1; exit 2\"]}");
    String exec = create.json().path("Id").asText();
    JsonNode before = berth.api().get("/v1.47/exec/" + exec + "/json").json();
    assertThat(before.path("ExitCode").isNull()).isTrue();
    assertThat(before.path("Running").asBoolean()).isFalse();
    try (var raw = RawHttp.post(berth, "/v1.47/exec/" + exec + "/start", "{\"Detach\":false,\"Tty\":false}", true)) {
      assertThat(raw.statusLine).startsWith("HTTP/1.1 101");
      assertThat(raw.headers).contains("content-type: application/vnd.docker.multiplexed-stream").contains("upgrade: tcp");
      byte[] first = new byte[8 + "started\n".length()];
      int n = raw.in.readNBytes(first, 0, first.length);
      assertThat(frames(java.util.Arrays.copyOf(first, n))).containsExactly("1:started\n");
      JsonNode during = berth.api().get("/v1.47/exec/" + exec + "/json").json();
      assertThat(during.path("Running").asBoolean()).isTrue();
      assertThat(during.path("ExitCode").isNull()).isTrue();
      assertThat(berth.api().get("/v1.47/containers/ex/json").json().path("ExecIDs").toString()).contains(exec);
      assertThat(raw.in.readAllBytes()).isEmpty();
    }
    assertThat(berth.api().get("/v1.47/exec/" + exec + "/json").json().path("ExitCode").asInt()).isEqualTo(2);
  }

  @Test
  void detach_keys_leave_a_tty_exec_running() throws Exception {
    var create = berth.api().postJson("/v1.47/containers/ex/exec",
        "{\"AttachStdin\":true,\"AttachStdout\":true,\"Tty\":true,\"DetachKeys\":\"ctrl-a,x\",\"Cmd\":[\"sh\"]}");
    String exec = create.json().path("Id").asText();
    try (var raw = RawHttp.post(berth, "/v1.47/exec/" + exec + "/start", "{\"Detach\":false,\"Tty\":true}", true)) {
      raw.out.write("echo sum-$((20+22))\n".getBytes(StandardCharsets.UTF_8));
      raw.awaitOutput("sum-42", Duration.ofSeconds(20));
      raw.out.write(new byte[] {1, 'x'});
      raw.in.readAllBytes(); // the session ends
    }
    JsonNode after = berth.api().get("/v1.47/exec/" + exec + "/json").json();
    assertThat(after.path("Running").asBoolean()).as(after.toString()).isTrue();
    assertThat(after.path("DetachKeys").asText()).isEqualTo("AXg="); // [1, 'x'] as Go's []byte
    int pid = after.path("Pid").asInt();
    // the shell is still there; end it
    assertThat(berth.berth("exec", "ex", "kill", "-9", "-1").exitCode()).isNotNegative();
    BerthDaemon.eventually(Duration.ofSeconds(20), "the detached shell is gone",
        () -> !berth.api().get("/v1.47/exec/" + exec + "/json").json().path("Running").asBoolean());
    assertThat(pid).isPositive();
  }

  @Test
  void resize_and_console_size_reach_the_terminal() throws Exception {
    var create = berth.api().postJson("/v1.47/containers/ex/exec",
        "{\"AttachStdin\":true,\"AttachStdout\":true,\"Tty\":true,\"ConsoleSize\":[30,100],\"Cmd\":[\"sh\",\"-c\","
            + "\"stty size; read x; stty size\"]}");
    String exec = create.json().path("Id").asText();
    try (var raw = RawHttp.post(berth, "/v1.47/exec/" + exec + "/start", "{\"Tty\":true,\"ConsoleSize\":[30,100]}", true)) {
      raw.awaitOutput("30 100", Duration.ofSeconds(20));
      assertThat(berth.api().post("/v1.47/exec/" + exec + "/resize?h=40&w=132").status()).isEqualTo(200);
      raw.out.write("\n".getBytes(StandardCharsets.UTF_8));
      raw.awaitOutput("40 132", Duration.ofSeconds(20));
    }
  }

  /** Demultiplexed frames as "stream:text". */
  static List<String> frames(byte[] data) {
    List<String> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(data);
    while (b.remaining() >= 8) {
      int stream = b.get();
      b.position(b.position() + 3);
      int len = b.getInt();
      byte[] payload = new byte[len];
      b.get(payload);
      out.add(stream + ":" + new String(payload, StandardCharsets.UTF_8));
    }
    assertThat(b.remaining()).as("trailing bytes").isZero();
    return out;
  }

  /** A hijacked connection read and written by hand, as docker-java does (or with Upgrade, as the CLI). */
  static final class RawHttp implements AutoCloseable {
    final SocketChannel channel;
    final InputStream in;
    final OutputStream out;
    final String statusLine;
    final String headers;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    private RawHttp(SocketChannel channel, InputStream in, OutputStream out, String statusLine, String headers) {
      this.channel = channel;
      this.in = in;
      this.out = out;
      this.statusLine = statusLine;
      this.headers = headers;
    }

    static RawHttp post(BerthDaemon berth, String path, String json, boolean upgrade) throws IOException {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(berth.daemon().socket()));
      OutputStream out = Channels.newOutputStream(ch);
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      String head = "POST " + path + " HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\n" + (upgrade ? "Connection: Upgrade\r\nUpgrade: tcp\r\n" : "") + "\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      InputStream in = Channels.newInputStream(ch);
      String status = line(in);
      StringBuilder headers = new StringBuilder();
      for (String l = line(in); !l.isEmpty(); l = line(in)) headers.append(l.toLowerCase(Locale.ROOT)).append('\n');
      return new RawHttp(ch, in, out, status, headers.toString());
    }

    /** Reads (raw TTY output) until {@code text} has been seen. */
    void awaitOutput(String text, Duration timeout) throws IOException {
      long deadline = System.nanoTime() + timeout.toNanos();
      byte[] buf = new byte[4096];
      while (!seen.toString(StandardCharsets.UTF_8).contains(text)) {
        if (System.nanoTime() > deadline) throw new AssertionError("no \"" + text + "\" in: " + seen);
        int n = in.read(buf);
        if (n < 0) throw new AssertionError("stream ended without \"" + text + "\": " + seen);
        seen.write(buf, 0, n);
      }
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int c; (c = in.read()) >= 0 && c != '\n'; ) if (c != '\r') sb.append((char) c);
      return sb.toString();
    }

    @Override public void close() throws IOException {
      channel.close();
    }
  }
}
