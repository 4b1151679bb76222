package io.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.cli.Cli;
import io.berth.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth build} against a fake daemon: the flags as query, the body, output, exit codes, --iidfile. */
class BuildCommandTest {
  static final String ID = "sha256:3c4d5e6f70810000000000000000000000000000000000000000000000000000";
  static final String OK = """
      {"stream":"Step 1/1 : FROM busybox"}
      {"stream":"\\n"}
      {"stream":" ---> 1a2b3c4d5e6f\\n"}
      {"aux":{"ID":"%s"}}
      {"stream":"Successfully built 3c4d5e6f7081\\n"}
      {"stream":"Successfully tagged x:latest\\n"}
      """.formatted(ID);
  static final String QUIET = "{\"aux\":{\"ID\":\"" + ID + "\"}}\n{\"stream\":\"" + ID + "\\n\"}\n";
  static final String FAIL = """
      {"stream":"Step 1/1 : RUN exit 3"}
      {"stream":"\\n"}
      {"errorDetail":{"code":3,"message":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"},"error":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"}
      """;

  @TempDir Path dir;
  Path ctx;
  FakeDaemon daemon;
  final List<String> queries = new CopyOnWriteArrayList<>();
  final List<String> bodies = new CopyOnWriteArrayList<>();
  volatile String reply = OK;

  @BeforeEach
  void start() throws IOException {
    ctx = dir.resolve("ctx");
    Files.createDirectories(ctx);
    Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\n");
    Files.writeString(ctx.resolve("secret.key"), "s3cr3t");
    Files.writeString(ctx.resolve(".dockerignore"), "*.key\n");
    daemon = FakeDaemon.start(dir, (method, path, query, body) -> {
      if (!path.equals("/build")) return new FakeDaemon.Reply(404, "{\"message\":\"page not found\"}");
      queries.add(URLDecoder.decode(query, StandardCharsets.UTF_8));
      bodies.add(body);
      return new FakeDaemon.Reply(200, reply);
    });
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  record Run(int exit, String out, String err) {}

  Run berth(Map<String, String> env, String stdin, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 2];
    all[0] = "-H";
    all[1] = daemon.host();
    System.arraycopy(args, 0, all, 2, args.length);
    int exit;
    try (var cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env, Clock.systemUTC())) {
      exit = Main.run(cli, all);
    }
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void plain_build_sends_the_filtered_context_and_prints_dockers_text() {
    Run r = berth(Map.of(), "", "build", "-t", "x", "--progress", "plain", ctx.toString());
    assertThat(r.exit()).isZero();
    assertThat(queries).containsExactly("dockerfile=Dockerfile&t=x&version=1");
    assertThat(bodies.getFirst()).contains("Dockerfile", ".dockerignore").doesNotContain("secret.key", "s3cr3t");
    assertThat(r.out()).matches("(?s)Sending build context to Docker daemon +\\d.*\r\r\nStep 1/1 : FROM busybox\n ---> 1a2b3c4d5e6f\n"
        + "Successfully built 3c4d5e6f7081\nSuccessfully tagged x:latest\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void every_flag_reaches_the_query() {
    Run r = berth(Map.of("FROM_ENV", "e"), "", "image", "build", "-t", "a:1", "-t", "b", "--build-arg", "A=1",
        "--build-arg", "FROM_ENV", "--build-arg", "UNSET", "--label", "k=v", "--target", "t", "--no-cache", "--network", "host",
        "--add-host", "h:1.2.3.4", "--shm-size", "64m", "--platform", "linux/amd64", "--pull", "--rm=false", "--force-rm",
        "--cache-from", "c:1,c:2", "-f", ctx.resolve("Dockerfile").toString(), "--progress", "plain", ctx.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(queries).containsExactly("buildargs={\"A\":\"1\",\"FROM_ENV\":\"e\",\"UNSET\":null}&cachefrom=[\"c:1\",\"c:2\"]"
        + "&dockerfile=Dockerfile&extrahosts=h:1.2.3.4&forcerm=1&labels={\"k\":\"v\"}&networkmode=host&nocache=1"
        + "&platform=linux/amd64&pull=1&rm=0&shmsize=67108864&t=a:1&t=b&target=t&version=1");
  }

  @Test
  void quiet_prints_only_the_id_and_iidfile_gets_it() throws IOException {
    reply = QUIET;
    Path iid = dir.resolve("iid");
    Files.writeString(iid, "stale");
    Run r = berth(Map.of(), "", "build", "-q", "--iidfile", iid.toString(), ctx.toString());
    assertThat(r.exit()).isZero();
    assertThat(queries.getFirst()).contains("q=1");
    assertThat(r.out()).isEqualTo(ID + "\n");
    assertThat(Files.readString(iid)).isEqualTo(ID + "\n");
  }

  @Test
  void iidfile_without_quiet_holds_the_aux_id() throws IOException {
    Path iid = dir.resolve("iid");
    assertThat(berth(Map.of(), "", "build", "--iidfile", iid.toString(), "--progress", "plain", ctx.toString()).exit()).isZero();
    assertThat(Files.readString(iid)).isEqualTo(ID);
  }

  @Test
  void a_failing_run_exits_with_its_code_and_prints_the_error() {
    reply = FAIL;
    Path iid = dir.resolve("iid");
    Run r = berth(Map.of(), "", "build", "--iidfile", iid.toString(), "--progress", "plain", ctx.toString());
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.out()).endsWith("Step 1/1 : RUN exit 3\n");
    assertThat(r.err()).isEqualTo("The command '/bin/sh -c exit 3' returned a non-zero code: 3\n");
    assertThat(iid).doesNotExist();
  }

  @Test
  void an_error_without_a_code_exits_1_and_tty_mode_says_error() {
    reply = "{\"stream\":\"Step 1/1 : FROM nope\\n\"}\n{\"error\":\"pull access denied for nope\",\"errorDetail\":{\"message\":\"pull access denied for nope\"}}\n";
    Run r = berth(Map.of(), "", "build", "--progress", "tty", ctx.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("✗ Step 1/1 : FROM nope");
    assertThat(r.err()).isEqualTo("ERROR: pull access denied for nope\n");
  }

  @Test
  void a_dockerfile_on_stdin_is_sent_as_the_context() {
    Run r = berth(Map.of(), "FROM busybox\nRUN true\n", "build", "--progress", "plain", "-");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(queries).containsExactly("dockerfile=Dockerfile&version=1");
    assertThat(bodies.getFirst()).contains("Dockerfile", "RUN true");
  }

  @Test
  void flag_errors_are_dockers() {
    Run bad = berth(Map.of(), "", "build", "-t", "UPPER:x", ctx.toString());
    assertThat(bad.exit()).isEqualTo(125);
    assertThat(bad.err()).startsWith("invalid argument \"UPPER:x\" for \"-t, --tag\" flag: invalid reference format");
    Run progress = berth(Map.of(), "", "build", "--progress", "fancy", ctx.toString());
    assertThat(progress.exit()).isEqualTo(125);
    Run missing = berth(Map.of(), "", "build");
    assertThat(missing.exit()).isEqualTo(1);
    Run nope = berth(Map.of(), "", "build", dir.resolve("nope").toString());
    assertThat(nope.exit()).isEqualTo(1);
    assertThat(nope.err()).isEqualTo("unable to prepare context: path \"" + dir.resolve("nope") + "\" not found\n");
    assertThat(queries).isEmpty();
  }
}
