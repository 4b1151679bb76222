package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import io.berth.testkit.Cli;
import io.berth.testkit.HostLeaks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code cp} through the archive API, with real containers: both directions on running and stopped
 * containers, Docker's path rules and errors, the docker CLI, and containers whose symlinks point at the
 * host (which must stay untouched).
 */
class CpIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  /** Starts a container running {@code script}, then {@code sleep}; returns once /ready exists in it. */
  private static String running(String name, String script) {
    var r = berth.berth("run", "-d", "--name", name, "busybox", "sh", "-c", script + " && touch /ready && sleep 1000");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    BerthDaemon.eventually(Duration.ofSeconds(20), name + " is ready",
        () -> berth.api().send("HEAD", "/containers/" + name + "/archive?path=/ready", null, null, Duration.ofSeconds(5))
            .status() == 200);
    return r.out();
  }

  private static Cli.Result sh(String command) {
    return berth.cli().run(Cli.DEFAULT_TIMEOUT, List.of("sh", "-c", command));
  }

  private static List<String> tarNames(byte[] tar) throws IOException {
    List<String> names = new ArrayList<>();
    try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) names.add(e.getName());
    }
    return names;
  }

  private static JsonNode stat(EngineHttpResponse r) throws IOException {
    return Json.mapper().readTree(Base64.getDecoder().decode(r.header()));
  }

  private record EngineHttpResponse(int status, String header) {}

  private static EngineHttpResponse head(String container, String path) {
    var r = berth.api().send("HEAD", "/containers/" + container + "/archive?path=" + path, null, null, Duration.ofSeconds(10));
    return new EngineHttpResponse(r.status(), r.header("X-Docker-Container-Path-Stat").orElse(""));
  }

  @Test
  void copies_both_ways_on_a_running_container() throws IOException {
    running("cp-run", "mkdir -p /data/sub && echo hello > /data/f && echo deep > /data/sub/g && ln -s f /data/link");
    Path work = Files.createDirectories(berth.work().resolve("cp-run"));

    var out = berth.berth("cp", "cp-run:/data", work.resolve("copy").toString());
    assertThat(out.exitCode()).as(out.toString()).isZero();
    assertThat(work.resolve("copy/f")).hasContent("hello");
    assertThat(work.resolve("copy/sub/g")).hasContent("deep");
    assertThat(Files.readSymbolicLink(work.resolve("copy/link"))).isEqualTo(Path.of("f"));

    var contents = berth.berth("cp", "cp-run:/data/.", work.resolve("copy").toString());
    assertThat(contents.exitCode()).as(contents.toString()).isZero();
    assertThat(work.resolve("copy/data")).doesNotExist();

    Files.createDirectories(work.resolve("up/dir"));
    Files.writeString(work.resolve("up/dir/new"), "from host\n");
    var in = berth.berth("cp", work.resolve("up/dir").toString(), "cp-run:/data/");
    assertThat(in.exitCode()).as(in.toString()).isZero();
    var renamed = berth.berth("cp", work.resolve("up/dir/new").toString(), "cp-run:/data/renamed");
    assertThat(renamed.exitCode()).as(renamed.toString()).isZero();
    var back = berth.berth("cp", "cp-run:/data/", work.resolve("back").toString());
    assertThat(back.exitCode()).as(back.toString()).isZero();
    assertThat(work.resolve("back/dir/new")).hasContent("from host");
    assertThat(work.resolve("back/renamed")).hasContent("from host");

    // "-": a tar on stdout and on stdin
    var tarOut = sh(berth.daemon().repoRoot().resolve("bin/berth") + " cp cp-run:/data/f - > " + work.resolve("f.tar"));
    assertThat(tarOut.exitCode()).as(tarOut.toString()).isZero();
    assertThat(tarNames(Files.readAllBytes(work.resolve("f.tar")))).containsExactly("f");
    var tarIn = sh(berth.daemon().repoRoot().resolve("bin/berth") + " cp - cp-run:/tmp < " + work.resolve("f.tar"));
    assertThat(tarIn.exitCode()).as(tarIn.toString()).isZero();
    assertThat(head("cp-run", "/tmp/f").status()).isEqualTo(200);
    assertThat(berth.berth("rm", "-f", "cp-run").exitCode()).isZero();
  }

  @Test
  void copies_both_ways_on_a_stopped_container_and_leaves_nothing_mounted() throws IOException {
    var create = berth.berth("create", "--name", "cp-stopped", "busybox", "cat", "/etc/from-host");
    assertThat(create.exitCode()).as(create.toString()).isZero();
    String id = create.out();
    Path work = Files.createDirectories(berth.work().resolve("cp-stopped"));
    Files.writeString(work.resolve("from-host"), "copied while created\n");

    var in = berth.berth("cp", work.resolve("from-host").toString(), "cp-stopped:/etc/");
    assertThat(in.exitCode()).as(in.toString()).isZero();
    var out = berth.berth("cp", "cp-stopped:/etc/from-host", work.resolve("again").toString());
    assertThat(out.exitCode()).as(out.toString()).isZero();
    assertThat(work.resolve("again")).hasContent("copied while created");
    assertThat(HostLeaks.mountsUnder(List.of(berth.daemon().dataRoot().resolve("containers").resolve(id)))).isEmpty();

    var start = berth.berth("start", "-a", "cp-stopped");
    assertThat(start.stdout()).as(start.toString()).isEqualTo("copied while created\n");
    // exited now: its rootfs is unmounted again, and cp mounts it only for the copy
    BerthDaemon.eventually(Duration.ofSeconds(10), "exited", () ->
        berth.berth("inspect", "--format", "{{.State.Status}}", "cp-stopped").out().equals("exited"));
    var after = berth.berth("cp", "cp-stopped:/etc/from-host", "-");
    assertThat(after.exitCode()).as(after.toString()).isZero();
    assertThat(HostLeaks.mountsUnder(List.of(berth.daemon().dataRoot().resolve("containers").resolve(id)))).isEmpty();
    assertThat(berth.berth("rm", "cp-stopped").exitCode()).isZero();
  }

  @Test
  void container_symlinks_cannot_reach_the_host_in_either_direction() throws IOException {
    Path hostDir = Files.createDirectories(berth.work().resolve("host-secrets"));
    Path canary = Files.writeString(hostDir.resolve("canary"), "HOST\n");
    String rel = "/../../../../../../../../.." + hostDir; // climbs far above the container's root
    running("cp-escape", "ln -s / /out && ln -s " + rel + " /esc && ln -s " + hostDir + " /abs && "
        + "echo container-secret > /etc/secret && mkdir -p " + hostDir + " && echo CONTAINER > " + hostDir + "/canary");
    assertEscapesStayInside("cp-escape", hostDir, canary);
    // The same on the stopped container, whose rootfs cp mounts itself.
    assertThat(berth.berth("stop", "-t", "1", "cp-escape").exitCode()).isZero();
    assertEscapesStayInside("cp-escape", hostDir, canary);
    assertThat(berth.berth("rm", "-f", "cp-escape").exitCode()).isZero();
  }

  private static void assertEscapesStayInside(String name, Path hostDir, Path canary) throws IOException {
    Path work = Files.createDirectories(berth.work().resolve("escape-" + System.nanoTime()));
    Files.writeString(work.resolve("canary"), "PWNED\n");
    for (String dest : List.of("/esc/", "/abs/", "/out" + hostDir + "/")) {
      var r = berth.berth("cp", work.resolve("canary").toString(), name + ":" + dest);
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(canary).as("host file after cp into " + dest).hasContent("HOST");
    }
    for (String src : List.of("/esc/canary", "/abs/canary", "/out" + hostDir + "/canary")) {
      var r = berth.berth("cp", name + ":" + src, "-");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.stdout()).as("read through " + src).contains("PWNED").doesNotContain("HOST");
    }
    var secret = berth.berth("cp", name + ":/out/etc/secret", "-");
    assertThat(secret.stdout()).contains("container-secret");
    // A hostile archive: a symlink to "/" then a file through it.
    byte[] tar = hostileTar(hostDir);
    var put = berth.api().send("PUT", "/containers/" + name + "/archive?path=/tmp", "application/x-tar", tar,
        Duration.ofSeconds(20));
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    assertThat(canary).hasContent("HOST");
    assertThat(hostDir.resolve("planted")).doesNotExist();
  }

  private static byte[] hostileTar(Path hostDir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      var link = new TarArchiveEntry("root", TarConstants.LF_SYMLINK);
      link.setLinkName("/");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
      for (String name : List.of("root" + hostDir + "/canary", "root" + hostDir + "/planted")) {
        byte[] data = "PLANTED\n".getBytes(StandardCharsets.UTF_8);
        var f = new TarArchiveEntry(name);
        f.setSize(data.length);
        tar.putArchiveEntry(f);
        tar.write(data);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void api_answers_with_dockers_stat_statuses_and_texts() throws IOException {
    running("cp-api", "mkdir -p /d && echo hi > /d/f && ln -s ../../../../etc /esc && ln -s /nonexist /dang");
    var dir = head("cp-api", "/d");
    assertThat(dir.status()).isEqualTo(200);
    JsonNode d = stat(dir);
    assertThat(d.path("name").asText()).isEqualTo("d");
    assertThat(d.path("mode").asLong()).isEqualTo(2147484141L);
    assertThat(stat(head("cp-api", "/esc")).path("linkTarget").asText()).isEqualTo("/etc");
    assertThat(stat(head("cp-api", "/dang")).path("linkTarget").asText()).isEqualTo("/nonexist");
    assertThat(stat(head("cp-api", "/d/.")).path("name").asText()).isEqualTo(".");
    assertThat(stat(head("cp-api", "/")).path("name").asText()).isEqualTo("/");

    var get = berth.api().get("/containers/cp-api/archive?path=/d");
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.header("Content-Type")).contains("application/x-tar");
    assertThat(tarNames(get.body())).containsExactly("d/", "d/f");

    var missing = berth.api().get("/containers/cp-api/archive?path=/nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("message").asText()).isEqualTo("Could not find the file /nope in container cp-api");
    assertThat(berth.api().get("/containers/no-such/archive?path=/").json().path("message").asText())
        .isEqualTo("No such container: no-such");
    assertThat(berth.api().get("/containers/cp-api/archive").status()).isEqualTo(400);
    var notDir = berth.api().send("PUT", "/containers/cp-api/archive?path=/d/f", "application/x-tar", new byte[1024],
        Duration.ofSeconds(10));
    assertThat(notDir.status()).isEqualTo(400);
    assertThat(notDir.json().path("message").asText()).isEqualTo("extraction point is not a directory");

    var ro = berth.berth("create", "--name", "cp-ro", "--read-only", "busybox", "true");
    assertThat(ro.exitCode()).as(ro.toString()).isZero();
    var forbidden = berth.api().send("PUT", "/containers/cp-ro/archive?path=/tmp", "application/x-tar", new byte[1024],
        Duration.ofSeconds(10));
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.json().path("message").asText()).isEqualTo("container rootfs is marked read-only");
    assertThat(berth.berth("rm", "-f", "cp-api", "cp-ro").exitCode()).isZero();
  }

  @Test
  void cli_errors_follow_dockers_rules() throws IOException {
    running("cp-err", "mkdir -p /d && echo hi > /d/f");
    Path work = Files.createDirectories(berth.work().resolve("cp-err"));
    Files.writeString(work.resolve("file"), "x");
    var missing = berth.berth("cp", "cp-err:/nope", work.resolve("x").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("Error response from daemon: Could not find the file /nope in container cp-err");
    var noDir = berth.berth("cp", "cp-err:/d/f", work.resolve("nodir") + "/");
    assertThat(noDir.stderr().strip()).isEqualTo("no such directory");
    var dirOnFile = berth.berth("cp", "cp-err:/d", work.resolve("file").toString());
    assertThat(dirOnFile.stderr().strip()).isEqualTo("cannot copy directory");
    var noParent = berth.berth("cp", "cp-err:/d/f", work.resolve("a/b").toString());
    assertThat(noParent.stderr().strip()).isEqualTo("invalid output path: directory \"" + work.resolve("a") + "\" does not exist");
    var both = berth.berth("cp", "cp-err:/d", "cp-err:/e");
    assertThat(both.stderr().strip()).isEqualTo("copying between containers is not supported");
    var none = berth.berth("cp", "a", "b");
    assertThat(none.stderr().strip()).isEqualTo("must specify at least one container source");
    assertThat(berth.berth("rm", "-f", "cp-err").exitCode()).isZero();
  }

  @Test
  void docker_cli_copies_both_ways() throws IOException {
    running("cp-docker", "mkdir -p /d && echo hi > /d/f && ln -s /d /lnk");
    Path work = Files.createDirectories(berth.work().resolve("cp-docker"));
    Files.createDirectories(work.resolve("in/sub"));
    Files.writeString(work.resolve("in/sub/x"), "from docker\n");

    var up = berth.docker("cp", work.resolve("in").toString(), "cp-docker:/d/");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    var down = berth.docker("cp", "cp-docker:/d", work.resolve("out").toString());
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(work.resolve("out/f")).hasContent("hi");
    assertThat(work.resolve("out/in/sub/x")).hasContent("from docker");

    var follow = berth.docker("cp", "-L", "cp-docker:/lnk", work.resolve("followed").toString());
    assertThat(follow.exitCode()).as(follow.toString()).isZero();
    assertThat(work.resolve("followed/f")).hasContent("hi");
    var link = berth.docker("cp", "cp-docker:/lnk", work.resolve("link").toString());
    assertThat(link.exitCode()).as(link.toString()).isZero();
    assertThat(Files.readSymbolicLink(work.resolve("link"))).isEqualTo(Path.of("/d"));

    var missing = berth.docker("cp", "cp-docker:/nope", work.resolve("x").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("Could not find the file /nope in container cp-docker");
    var archive = berth.docker("cp", "-a", work.resolve("in/sub/x").toString(), "cp-docker:/d/owned");
    assertThat(archive.exitCode()).as(archive.toString()).isZero();
    assertThat(berth.docker("rm", "-f", "cp-docker").exitCode()).isZero();
  }
}
