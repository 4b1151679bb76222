package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Pty;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interactive containers on a real pseudo-terminal ({@link Pty}, util-linux {@code script}), driven
 * by the berth CLI and by the real docker CLI alike: the prompt, the terminal size, Ctrl-C, exit
 * codes, detach and attach again. Plus the pieces clients rely on without a terminal: stdin through
 * a pipe, docker-java's hijack without Upgrade, detach keys and resize through the API.
 */
class InteractiveIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  private static final Duration T = Duration.ofSeconds(30);
  private static final String PROMPT = "/ # ";
  private static final String CTRL_C = "\u0003";
  private static final String CTRL_P_CTRL_Q = "\u0010\u0011";

  /** The two command-line clients under test. */
  enum Client {
    BERTH, DOCKER;

    Pty onPty(int rows, int cols, String... args) {
      return this == BERTH ? berth.cli().berthOnPty(rows, cols, args) : berth.cli().dockerOnPty(rows, cols, args);
    }

    String containerName(String what) { return what + "-" + name().toLowerCase(Locale.ROOT); }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void run_it_shows_the_prompt_at_once_follows_the_terminals_size_and_exits_with_the_shells_code(Client client) {
    try (Pty pty = client.onPty(30, 100, "run", "-it", "--rm", "busybox", "sh")) {
      // the prompt has no newline: it must arrive without waiting for more output
      pty.awaitText(PROMPT, 0, T);
      sleep(300); // the client sends the size right after start, as the prompt appears
      int mark = pty.output().length();
      pty.send("stty size\n");
      pty.awaitText("30 100", mark, T);
      // the user resizes the window: the client gets SIGWINCH and resizes the container's terminal
      pty.resize(50, 150);
      sleep(500);
      mark = pty.output().length();
      pty.send("stty size\n");
      pty.awaitText("50 150", mark, T);
      pty.send("exit 5\n");
      assertThat(pty.awaitExit(T)).as(pty.output()).isEqualTo(5);
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void ctrl_c_goes_through_the_tty_and_interrupts_the_foreground_process(Client client) {
    try (Pty pty = client.onPty(24, 80, "run", "-it", "--rm", "busybox", "sh")) {
      pty.awaitText(PROMPT, 0, T);
      int mark = pty.output().length();
      long started = System.nanoTime();
      pty.send("sleep 60; echo slept\n");
      pty.awaitText("sleep 60; echo slept", mark, T); // echoed by the container's terminal: the shell has the line
      sleep(500);
      pty.send(CTRL_C);
      mark = pty.output().length();
      pty.awaitText(PROMPT, mark, T);
      pty.send("echo status=$?\n");
      pty.awaitText("status=130", mark, T); // 128 + SIGINT: the sleep was interrupted
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
      pty.send("exit\n");
      assertThat(pty.awaitExit(T)).as(pty.output()).isZero();
      assertThat(pty.output()).doesNotContain("\nslept");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void ctrl_p_ctrl_q_detaches_the_container_keeps_running_and_attach_reconnects(Client client) {
    String name = client.containerName("detach");
    try (Pty run = client.onPty(24, 80, "run", "-it", "--name", name, "busybox", "sh")) {
      run.awaitText(PROMPT, 0, T);
      run.send("echo first-$((40+2))\n");
      run.awaitText("first-42", 0, T);
      run.send(CTRL_P_CTRL_Q);
      assertThat(run.awaitExit(T)).as(run.output()).isZero();
    }
    assertThat(state(name)).isEqualTo("running");

    // attach again: type, then detach again (docker attach says so and exits 1)
    try (Pty attach = client.onPty(40, 120, "attach", name)) {
      sleep(1000); // the attach is hijacked and the terminal raw before we type
      attach.send("echo again-$((1+1)); stty size\n");
      attach.awaitText("again-2", 0, T);
      attach.awaitText("40 120", 0, T);
      attach.send(CTRL_P_CTRL_Q);
      assertThat(attach.awaitExit(T)).as(attach.output()).isEqualTo(1);
      assertThat(attach.output()).contains("read escape sequence");
    }
    assertThat(state(name)).isEqualTo("running");

    // and once more, to the end: attach exits with the container's code
    try (Pty attach = client.onPty(24, 80, "attach", name)) {
      sleep(1000);
      attach.send("exit 3\n");
      assertThat(attach.awaitExit(T)).as(attach.output()).isEqualTo(3);
    }
    assertThat(state(name)).isEqualTo("exited");
    berth.berth("rm", name);
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void custom_detach_keys_detach(Client client) {
    String name = client.containerName("keys");
    try (Pty run = client.onPty(24, 80, "run", "-it", "--detach-keys", "ctrl-a,x", "--name", name, "busybox", "sh")) {
      run.awaitText(PROMPT, 0, T);
      run.send(CTRL_P_CTRL_Q); // not the keys now: passed on to the shell
      run.send("echo still-here\n");
      run.awaitText("still-here", 0, T);
      run.send("\u0001x");
      assertThat(run.awaitExit(T)).as(run.output()).isZero();
    }
    assertThat(state(name)).isEqualTo("running");
    berth.berth("rm", "-f", name);
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void start_ai_attaches_a_created_tty_container(Client client) {
    String name = client.containerName("start");
    var created = berth.berth("create", "-it", "--name", name, "busybox", "sh");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    try (Pty start = client.onPty(24, 80, "start", "-ai", name)) {
      start.awaitText(PROMPT, 0, T);
      start.send("echo started-ok\n");
      start.awaitText("started-ok", 0, T);
      start.send("exit 4\n");
      assertThat(start.awaitExit(T)).as(start.output()).isEqualTo(4);
    }
    berth.berth("rm", name);
  }

  @Test
  void piped_stdin_reaches_the_container_and_its_end_closes_the_containers_stdin() {
    var r = berth.cli().shell("echo hi | $BERTH run -i --rm busybox cat");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("hi\n");
    // output after the client's half-close still arrives
    r = berth.cli().shell("printf 'a\\nb\\n' | $BERTH run -i --rm busybox sh -c 'sleep 1; wc -l; echo to-err >&2; exit 3'");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.stdout().strip()).isEqualTo("2");
    assertThat(r.stderr()).contains("to-err");
    r = berth.cli().shell("echo piped | docker run -i --rm busybox cat");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("piped\n");
  }

  @Test
  void attach_a_chooses_the_streams() {
    var r = berth.berth("run", "--rm", "-a", "stdout", "busybox", "sh", "-c", "echo out; echo err >&2");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).doesNotContain("err");
    r = berth.cli().shell("echo in | $BERTH run --rm -a stdin -a stderr -i busybox sh -c 'read x; echo \"got $x\" >&2; echo hidden'");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stderr()).contains("got in");
    assertThat(r.stdout()).doesNotContain("hidden");
  }

  @Test
  void hijack_without_upgrade_answers_200_and_keeps_output_after_the_half_close() throws Exception {
    String id = create("{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\",\"cat; echo bye >&2\"],"
        + "\"OpenStdin\":true,\"StdinOnce\":true,\"AttachStdin\":true,\"AttachStdout\":true,\"AttachStderr\":true}");
    try (Hijack h = Hijack.open(berth, "/v1.44/containers/" + id + "/attach?stream=1&stdin=1&stdout=1&stderr=1", false)) {
      assertThat(h.status).isEqualTo(200);
      assertThat(h.headers).containsEntry("content-type", "application/vnd.docker.multiplexed-stream");
      assertThat(berth.api().post("/v1.44/containers/" + id + "/start").status()).isEqualTo(204);
      h.write("hello from docker-java\n");
      h.channel.shutdownOutput(); // stdin EOF, as docker-java sends it
      Map<Integer, String> frames = h.readFrames();
      assertThat(frames).containsEntry(1, "hello from docker-java\n").containsEntry(2, "bye\n");
    }
    assertThat(berth.api().post("/v1.44/containers/" + id + "/wait").json().path("StatusCode").asInt()).isZero();
    berth.api().delete("/containers/" + id);
  }

  @Test
  void tty_attach_detects_detach_keys_in_the_stdin_stream_and_resize_sets_the_size() throws Exception {
    String id = create("{\"Image\":\"busybox\",\"Cmd\":[\"sh\"],\"Tty\":true,\"OpenStdin\":true,\"StdinOnce\":true,"
        + "\"AttachStdin\":true,\"AttachStdout\":true,\"AttachStderr\":true}");
    assertThat(berth.api().post("/containers/" + id + "/resize?h=10&w=10").status()).as("not running").isEqualTo(409);
    assertThat(berth.api().post("/containers/" + id + "/start").status()).isEqualTo(204);
    assertThat(berth.api().post("/containers/" + id + "/resize?h=25&w=70").status()).isEqualTo(200);
    assertThat(berth.api().post("/containers/" + id + "/resize?h=x&w=70").status()).isEqualTo(400);
    assertThat(berth.api().post("/containers/no-such-container/resize?h=1&w=1").status()).isEqualTo(404);
    var bad = berth.api().post("/containers/" + id + "/attach?stream=1&stdin=1&detachKeys=ctrl-P");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("message").asText()).isEqualTo("Invalid detach keys (ctrl-P) provided");

    try (Hijack h = Hijack.open(berth, "/containers/" + id + "/attach?stream=1&stdin=1&stdout=1&stderr=1&detachKeys=ctrl-a,x", true)) {
      assertThat(h.status).isEqualTo(101);
      assertThat(h.headers).containsEntry("content-type", "application/vnd.docker.raw-stream");
      h.write("stty size\n");
      h.readUntil("25 70");
      h.write("echo before-\u0001x-after\n"); // the sequence ends the attach; the rest never reaches the shell
      String rest = h.readToEnd();
      assertThat(rest).doesNotContain("after");
    }
    assertThat(state(id)).isEqualTo("running");
    // the shell got "echo before-" without its newline: finish the line and leave
    try (Hijack h = Hijack.open(berth, "/containers/" + id + "/attach?stream=1&stdin=1&stdout=1", true)) {
      h.write("\nexit 9\n");
      assertThat(h.readToEnd()).contains("before-");
    }
    assertThat(berth.api().post("/containers/" + id + "/wait").json().path("StatusCode").asInt()).isEqualTo(9);
    berth.api().delete("/containers/" + id);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static String create(String json) {
    var r = berth.api().postJson("/containers/create", json);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("Id").asText();
  }

  private static String state(String ref) {
    return berth.api().get("/containers/" + ref + "/json").json().path("State").path("Status").asText();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A raw hijacked attach: the request, the response head, then the bare socket. */
  private static final class Hijack implements AutoCloseable {
    final SocketChannel channel;
    final InputStream in;
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();

    private Hijack(SocketChannel channel, String path, boolean upgrade) throws IOException {
      this.channel = channel;
      String head = "POST " + path + " HTTP/1.1\r\nHost: berth\r\nContent-Length: 0\r\n"
          + (upgrade ? "Connection: Upgrade\r\nUpgrade: tcp\r\n" : "") + "\r\n";
      channel.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
      in = Channels.newInputStream(channel);
      String statusLine = line();
      status = Integer.parseInt(statusLine.split(" ")[1]);
      for (String l = line(); !l.isEmpty(); l = line()) {
        int c = l.indexOf(':');
        headers.put(l.substring(0, c).strip().toLowerCase(Locale.ROOT), l.substring(c + 1).strip());
      }
    }

    static Hijack open(BerthDaemon d, String path, boolean upgrade) throws IOException {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(d.daemon().socket()));
      return new Hijack(ch, path, upgrade);
    }

    void write(String s) throws IOException { channel.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8))); }

    /** Multiplexed frames until EOF, joined per stream. */
    Map<Integer, String> readFrames() throws IOException {
      Map<Integer, String> out = new LinkedHashMap<>();
      byte[] header = new byte[8];
      while (in.readNBytes(header, 0, 8) == 8) {
        int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
        out.merge((int) header[0], new String(in.readNBytes(size), StandardCharsets.UTF_8), String::concat);
      }
      return out;
    }

    String readUntil(String text) throws IOException {
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      while (!got.toString(StandardCharsets.UTF_8).contains(text)) {
        int b = in.read();
        if (b < 0) throw new AssertionError("stream ended before '" + text + "': " + got);
        got.write(b);
      }
      return got.toString(StandardCharsets.UTF_8);
    }

    String readToEnd() throws IOException { return new String(in.readAllBytes(), StandardCharsets.UTF_8); }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) throw new IOException("connection closed in the response head");
        if (b != '\r') sb.append((char) b);
      }
      return sb.toString();
    }

    @Override public void close() throws IOException { channel.close(); }
  }
}
