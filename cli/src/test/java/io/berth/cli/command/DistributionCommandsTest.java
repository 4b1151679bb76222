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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pull, push, login, logout, search and run's pull against a fake daemon; where the docker CLI
 * 28 is installed, the same command lines through it must print the same bytes and leave the same
 * config.json.
 */
class DistributionCommandsTest {
  static final Path DOCKER = Path.of("/usr/local/bin/docker");
  static final String LAYER = "9c0abc9c5bd3";
  /** A pull as dockerd 20.10 answers it (moby's streamformatter output, one layer). */
  static final String PULL = """
      {"status":"Pulling from library/busybox","id":"latest"}
      {"status":"Pulling fs layer","progressDetail":{},"id":"9c0abc9c5bd3"}
      {"status":"Downloading","progressDetail":{"current":7615,"total":772788},"progress":"[\\u003e                                                  ]  7.615kB/772.8kB","id":"9c0abc9c5bd3"}
      {"status":"Downloading","progressDetail":{"current":772788,"total":772788},"progress":"[==================================================\\u003e]  772.8kB/772.8kB","id":"9c0abc9c5bd3"}
      {"status":"Verifying Checksum","progressDetail":{},"id":"9c0abc9c5bd3"}
      {"status":"Download complete","progressDetail":{},"id":"9c0abc9c5bd3"}
      {"status":"Extracting","progressDetail":{"current":32768,"total":772788},"progress":"[==\\u003e                                                ]  32.77kB/772.8kB","id":"9c0abc9c5bd3"}
      {"status":"Extracting","progressDetail":{"current":772788,"total":772788},"progress":"[==================================================\\u003e]  772.8kB/772.8kB","id":"9c0abc9c5bd3"}
      {"status":"Pull complete","progressDetail":{},"id":"9c0abc9c5bd3"}
      {"status":"Digest: sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79"}
      {"status":"Status: Downloaded newer image for busybox:latest"}
      """;
  static final String PULL_DENIED = """
      {"status":"Pulling from library/nope","id":"latest"}
      {"errorDetail":{"message":"pull access denied for nope, repository does not exist or may require 'docker login'"},"error":"pull access denied for nope, repository does not exist or may require 'docker login'"}
      """;
  static final String PUSH = """
      {"status":"The push refers to repository [127.0.0.1:5000/x]"}
      {"status":"Preparing","progressDetail":{},"id":"9c0abc9c5bd3"}
      {"status":"Pushing","progressDetail":{"current":512,"total":4096},"progress":"[======\\u003e    ]","id":"9c0abc9c5bd3"}
      {"status":"Pushed","progressDetail":{},"id":"9c0abc9c5bd3"}
      {"status":"1: digest: sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79 size: 527"}
      {"progressDetail":{},"aux":{"Tag":"1","Digest":"sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79","Size":527}}
      """;
  static final String SEARCH = """
      [{"star_count":5000,"is_official":true,"name":"busybox","is_automated":false,"description":"Busybox base image."},
       {"star_count":5,"is_official":false,"name":"someone/busybox-with-a-rather-long-name","is_automated":false,"description":"A description that is much longer than forty-five characters\\nwith a newline"}]
      """;

  @TempDir Path dir;
  FakeDaemon daemon;
  final List<String> queries = new ArrayList<>();
  final List<String> authBodies = new ArrayList<>();
  volatile String pullReply = PULL;
  volatile int createStatus = 404;

  @BeforeEach
  void start() throws IOException {
    daemon = FakeDaemon.start(dir, (method, path, query, body) -> {
      queries.add(method + " " + path + (query.isEmpty() ? "" : "?" + URLDecoder.decode(query, StandardCharsets.UTF_8)));
      if (path.equals("/images/create")) {
        createStatus = 201;
        return new FakeDaemon.Reply(200, pullReply);
      }
      if (path.endsWith("/push")) return new FakeDaemon.Reply(200, PUSH);
      if (path.equals("/images/search")) return new FakeDaemon.Reply(200, SEARCH);
      if (path.equals("/auth")) {
        authBodies.add(body);
        return body.contains("\"password\":\"wrong\"")
            ? new FakeDaemon.Reply(401, "{\"message\":\"Get \\\"http://127.0.0.1:5000/v2/\\\": unauthorized: authentication required\"}")
            : new FakeDaemon.Reply(200, "{\"IdentityToken\":\"\",\"Status\":\"Login Succeeded\"}");
      }
      if (path.equals("/containers/create")) {
        return createStatus == 404 ? new FakeDaemon.Reply(404, "{\"message\":\"No such image: busybox:latest\"}")
            : new FakeDaemon.Reply(201, "{\"Id\":\"c0ffee\",\"Warnings\":[]}");
      }
      return new FakeDaemon.Reply(404, "{\"message\":\"page not found\"}");
    });
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  record Run(int exit, String out, String err) {}

  Run berth(Path config, String stdin, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    var all = new ArrayList<>(List.of("-H", daemon.host()));
    all.addAll(List.of(args));
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("DOCKER_CONFIG", config.toString());
    env.put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    int exit;
    try (var cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env, Clock.systemUTC())) {
      exit = Main.run(cli, all.toArray(String[]::new));
    }
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The docker CLI with the same arguments, or null when it is not installed. */
  Run docker(Path config, String stdin, String... args) throws Exception {
    if (!Files.isExecutable(DOCKER)) return null;
    var cmd = new ArrayList<>(List.of(DOCKER.toString(), "-H", daemon.host()));
    cmd.addAll(List.of(args));
    var pb = new ProcessBuilder(cmd);
    pb.environment().put("DOCKER_CONFIG", config.toString());
    pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().remove("DOCKER_HOST");
    Path outFile = dir.resolve("docker.out");
    Path errFile = dir.resolve("docker.err");
    pb.redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), Files.readString(outFile), Files.readString(errFile));
  }

  /** berth's output with "berth" where docker says "docker", for comparing. */
  static Run asDocker(Run r, Path berthConfig, Path dockerConfig) {
    UnaryOp f = s -> s.replace(berthConfig.toString(), dockerConfig.toString()).replace("'berth ", "'docker ");
    return new Run(r.exit, f.apply(r.out), f.apply(r.err));
  }

  interface UnaryOp { String apply(String s); }

  Path config(String name) throws IOException {
    return Files.createDirectories(dir.resolve(name));
  }

  @Test
  void pull_prints_status_lines_without_bars_and_the_full_reference() throws Exception {
    Path c = config("b");
    Run r = berth(c, "", "pull", "busybox");
    assertThat(r.exit).isZero();
    assertThat(r.out).isEqualTo("""
        Using default tag: latest
        latest: Pulling from library/busybox
        9c0abc9c5bd3: Pulling fs layer
        9c0abc9c5bd3: Verifying Checksum
        9c0abc9c5bd3: Download complete
        9c0abc9c5bd3: Pull complete
        Digest: sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79
        Status: Downloaded newer image for busybox:latest
        docker.io/library/busybox:latest
        """);
    assertThat(queries).contains("POST /images/create?fromImage=docker.io/library/busybox&tag=latest");
    assertThat(daemon.registryAuth).containsExactly("e30=");
    Run d = docker(config("d"), "", "pull", "busybox");
    if (d != null) assertThat(r).isEqualTo(d);
  }

  @Test
  void pull_quiet_prints_only_the_reference_and_a_stream_error_exits_1() throws Exception {
    Run q = berth(config("b"), "", "pull", "-q", "busybox:latest");
    assertThat(q).isEqualTo(new Run(0, "docker.io/library/busybox:latest\n", ""));
    Run dq = docker(config("d"), "", "pull", "-q", "busybox:latest");
    if (dq != null) assertThat(q).isEqualTo(dq);

    pullReply = PULL_DENIED;
    Run r = berth(config("b"), "", "pull", "nope");
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.err).isEqualTo("pull access denied for nope, repository does not exist or may require 'docker login'\n");
    Run d = docker(config("d"), "", "pull", "nope");
    if (d != null) assertThat(r).isEqualTo(d);
  }

  @Test
  void pull_sends_stored_credentials_for_the_registry() throws Exception {
    Path c = config("b");
    String auth = Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
    Files.writeString(c.resolve("config.json"), "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + auth + "\"}}}");
    assertThat(berth(c, "", "pull", "127.0.0.1:5000/x:1").exit).isZero();
    String header = daemon.registryAuth.getLast();
    assertThat(new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8))
        .isEqualTo("{\"username\":\"alice\",\"password\":\"s3cret\",\"serveraddress\":\"127.0.0.1:5000\"}");
    if (docker(c, "", "pull", "127.0.0.1:5000/x:1") != null) assertThat(daemon.registryAuth.getLast()).isEqualTo(header);
  }

  @Test
  void push_and_push_quiet_match_docker() throws Exception {
    for (String[] args : List.of(new String[] {"push", "127.0.0.1:5000/x:1"}, new String[] {"push", "-q", "127.0.0.1:5000/x"},
        new String[] {"image", "push", "127.0.0.1:5000/x"})) {
      Run r = berth(config("b"), "", args);
      assertThat(r.exit).isZero();
      Run d = docker(config("d"), "", args);
      if (d != null) assertThat(r).isEqualTo(d);
    }
    assertThat(queries).contains("POST /images/127.0.0.1:5000/x/push?tag=1", "POST /images/127.0.0.1:5000/x/push?tag=latest");
  }

  @Test
  void login_with_password_flag_stores_credentials_as_docker_does() throws Exception {
    Path b = config("b");
    Path d = config("d");
    Run r = berth(b, "", "login", "-u", "alice", "-p", "s3cret", "127.0.0.1:5000");
    assertThat(r.exit).isZero();
    assertThat(r.out).isEqualTo("Login Succeeded\n");
    assertThat(r.err).startsWith("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n");
    assertThat(r.err).contains("WARNING! Your credentials are stored unencrypted in '" + b.resolve("config.json") + "'.");
    assertThat(authBodies.getLast()).isEqualTo("{\"username\":\"alice\",\"password\":\"s3cret\",\"serveraddress\":\"127.0.0.1:5000\"}");
    assertThat(Files.getPosixFilePermissions(b.resolve("config.json"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    Run dr = docker(d, "", "login", "-u", "alice", "-p", "s3cret", "127.0.0.1:5000");
    if (dr != null) {
      assertThat(asDocker(r, b, d)).isEqualTo(dr);
      assertThat(Files.readString(b.resolve("config.json"))).isEqualTo(Files.readString(d.resolve("config.json")));
    }
    // logged in again with the same credentials: the file is unchanged and there is no warning
    Run again = berth(b, "s3cret\n", "login", "-u", "alice", "--password-stdin", "127.0.0.1:5000");
    assertThat(again).isEqualTo(new Run(0, "Login Succeeded\n", ""));

    Run out = berth(b, "", "logout", "127.0.0.1:5000");
    assertThat(out).isEqualTo(new Run(0, "Removing login credentials for 127.0.0.1:5000\n", ""));
    Run dout = docker(d, "", "logout", "127.0.0.1:5000");
    if (dout != null) {
      assertThat(out).isEqualTo(dout);
      assertThat(Files.readString(b.resolve("config.json"))).isEqualTo(Files.readString(d.resolve("config.json")));
    }
  }

  @Test
  void login_errors_match_docker() throws Exception {
    List<String[]> cases = List.of(
        new String[] {"login", "-u", "alice", "-p", "wrong", "127.0.0.1:5000"},
        new String[] {"login", "127.0.0.1:5000"},
        new String[] {"login", "-p", "x", "--password-stdin", "127.0.0.1:5000"},
        new String[] {"login", "--password-stdin", "127.0.0.1:5000"});
    for (String[] args : cases) {
      Run r = berth(config("b"), "", args);
      assertThat(r.exit).as(String.join(" ", args)).isEqualTo(1);
      Run d = docker(config("d"), "", args);
      if (d != null) assertThat(asDocker(r, dir.resolve("b"), dir.resolve("d"))).as(String.join(" ", args)).isEqualTo(d);
    }
  }

  @Test
  void login_and_logout_through_a_credential_helper() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path store = dir.resolve("helper-store");
    Path helper = bin.resolve("docker-credential-fake");
    // a fake helper: keeps one credential per server in files, answers as the protocol says
    Files.writeString(helper, """
        #!/bin/sh
        d=%s; mkdir -p "$d"; input=$(cat)
        case "$1" in
          store) key=$(printf '%%s' "$input" | sed 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/' | tr '/:' '__'); printf '%%s' "$input" > "$d/$key" ;;
          get) key=$(printf '%%s' "$input" | tr '/:' '__'); if [ -f "$d/$key" ]; then cat "$d/$key"; else echo "credentials not found in native keychain"; exit 1; fi ;;
          erase) key=$(printf '%%s' "$input" | tr '/:' '__'); rm -f "$d/$key" ;;
        esac
        """.formatted(store));
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path b = config("b");
    Files.writeString(b.resolve("config.json"), "{\"credsStore\":\"fake\"}");
    Run r = berth(b, "s3cret\n", "login", "-u", "alice", "--password-stdin", "127.0.0.1:5000");
    assertThat(r).isEqualTo(new Run(0, "Login Succeeded\n", ""));
    assertThat(Files.readString(store.resolve("127.0.0.1_5000")))
        .isEqualTo("{\"ServerURL\":\"127.0.0.1:5000\",\"Username\":\"alice\",\"Secret\":\"s3cret\"}"); // $(cat) drops the newline
    assertThat(Files.readString(b.resolve("config.json")))
        .isEqualTo("{\n\t\"auths\": {\n\t\t\"127.0.0.1:5000\": {}\n\t},\n\t\"credsStore\": \"fake\"\n}");

    assertThat(berth(b, "", "pull", "127.0.0.1:5000/x:1").exit).isZero();
    assertThat(new String(Base64.getUrlDecoder().decode(daemon.registryAuth.getLast()), StandardCharsets.UTF_8))
        .isEqualTo("{\"username\":\"alice\",\"password\":\"s3cret\",\"serveraddress\":\"127.0.0.1:5000\"}");

    assertThat(berth(b, "", "logout", "127.0.0.1:5000").exit).isZero();
    assertThat(store.resolve("127.0.0.1_5000")).doesNotExist();
    assertThat(Files.readString(b.resolve("config.json"))).isEqualTo("{\n\t\"auths\": {},\n\t\"credsStore\": \"fake\"\n}");
  }

  @Test
  void search_prints_docker_table() throws Exception {
    for (String[] args : List.of(new String[] {"search", "busybox"}, new String[] {"search", "--no-trunc", "--limit", "2", "busybox"},
        new String[] {"search", "--format", "{{.Name}}: {{.IsOfficial}}", "busybox"})) {
      Run r = berth(config("b"), "", args);
      assertThat(r.exit).isZero();
      Run d = docker(config("d"), "", args);
      if (d != null) assertThat(r).as(String.join(" ", args)).isEqualTo(d);
    }
    assertThat(berth(config("b"), "", "search", "busybox").out).isEqualTo("""
        NAME                                      DESCRIPTION                                     STARS     OFFICIAL
        busybox                                   Busybox base image.                             5000      [OK]
        someone/busybox-with-a-rather-long-name   A description that is much longer than forty…   5        \s
        """);
  }

  @Test
  void run_pulls_a_missing_image_then_creates_again() throws Exception {
    Run r = berth(config("b"), "", "create", "busybox");
    assertThat(r.exit).isZero();
    assertThat(r.out).isEqualTo("c0ffee\n");
    assertThat(r.err).startsWith("Unable to find image 'busybox:latest' locally\nlatest: Pulling from library/busybox\n")
        .endsWith("Status: Downloaded newer image for busybox:latest\n");
    assertThat(queries).containsExactly("POST /containers/create", "POST /images/create?fromImage=docker.io/library/busybox&tag=latest",
        "POST /containers/create");
    createStatus = 404;
    queries.clear();
    Run never = berth(config("b"), "", "create", "--pull", "never", "busybox");
    assertThat(never.exit).isEqualTo(125);
    assertThat(queries).containsExactly("POST /containers/create");
    Run bad = berth(config("b"), "", "create", "--pull", "sometimes", "busybox");
    assertThat(bad.exit).isEqualTo(125);
    assertThat(bad.err).startsWith("berth: invalid pull option: 'sometimes': must be one of \"always\", \"missing\" or \"never\"");
  }

  /** The terminal display: docker under a pseudo-terminal of 120 columns prints the same bytes (with the pty's CRLF). */
  @Test
  void pull_on_a_terminal_draws_docker_bars() throws Exception {
    var buf = new ByteArrayOutputStream();
    var display = new io.berth.cli.progress.JsonMessageDisplay(new PrintStream(buf, true, StandardCharsets.UTF_8), true, () -> 120,
        Clock.systemUTC());
    var values = io.berth.client.json.JsonReader.values(new ByteArrayInputStream(PULL.getBytes(StandardCharsets.UTF_8)));
    var messages = new java.util.Iterator<io.berth.client.model.JsonMessage>() {
      @Override public boolean hasNext() { return values.hasNext(); }
      @Override public io.berth.client.model.JsonMessage next() { return io.berth.client.model.JsonMessage.parse(values.next()); }
    };
    display.display(messages, m -> {});
    String bar = "\u001b[2K\r9c0abc9c5bd3: ";
    String expected = "latest: Pulling from library/busybox\n"
        + "\n\u001b[1A" + bar + "Pulling fs layer \r\u001b[1B"
        + "\u001b[1A" + bar + "Downloading [>                                                  ]  7.615kB/772.8kB\r\u001b[1B"
        + "\u001b[1A" + bar + "Downloading [==================================================>]  772.8kB/772.8kB\r\u001b[1B"
        + "\u001b[1A" + bar + "Verifying Checksum \r\u001b[1B"
        + "\u001b[1A" + bar + "Download complete \r\u001b[1B"
        + "\u001b[1A" + bar + "Extracting [==>                                                ]  32.77kB/772.8kB\r\u001b[1B"
        + "\u001b[1A" + bar + "Extracting [==================================================>]  772.8kB/772.8kB\r\u001b[1B"
        + "\u001b[1A" + bar + "Pull complete \r\u001b[1B"
        + "Digest: sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79\n"
        + "Status: Downloaded newer image for busybox:latest\n";
    assertThat(buf.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    Path script = Path.of("/usr/bin/script");
    if (!Files.isExecutable(DOCKER) || !Files.isExecutable(script)) return;
    var pb = new ProcessBuilder(script.toString(), "-qec",
        "stty cols 120 rows 40; " + DOCKER + " -H " + daemon.host() + " pull busybox", "/dev/null");
    pb.environment().put("DOCKER_CONFIG", config("d").toString());
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process p = pb.start();
    p.getOutputStream().close();
    String docker = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String mine = ("Using default tag: latest\n" + expected + "docker.io/library/busybox:latest\n").replace("\n", "\r\n");
    assertThat(docker).isEqualTo(mine);
  }
}
