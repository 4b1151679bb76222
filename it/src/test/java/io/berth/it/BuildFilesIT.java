package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.berth.testkit.Cli;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build table, files part: COPY (file/directory/trailing-slash rules, wildcards, {@code --chown} by
 * name and number, {@code --chmod}, {@code --from} a stage, an index or an image, {@code --link}), ADD
 * (local tar auto-extraction, plain and gzip; URL download; {@code --checksum}), WORKDIR (created,
 * relative chaining) and {@code .dockerignore}. Every expectation was checked against dockerd 20.10.24
 * (see {@link BuildTarget}); rows marked buildKitOnly check the legacy builder's refusal there.
 */
class BuildFilesIT {
  @RegisterExtension static final BuildTarget target = new BuildTarget();

  static Stream<BuildCase> cases() {
    return Stream.of(
        // A directory source copies its contents, not the directory; a destination ending in / is a
        // directory (created); without the slash a single file is copied to that name; missing parents
        // are created; a relative destination is relative to WORKDIR.
        BuildCase.of("copy_file_and_directory_rules", """
            FROM busybox
            COPY a.txt /dest/
            COPY a.txt /file-no-slash
            COPY dir /copied
            COPY dir/ /copied2/
            COPY a.txt dir/x /multi/
            COPY a.txt /deep/er/new
            WORKDIR /wd
            COPY a.txt relative
            """)
            .file("a.txt", "a\n").file("dir/x", "x\n").file("dir/sub/y", "y\n")
            .runs("cd /; find dest file-no-slash copied copied2 multi deep wd | sort; cat /file-no-slash /wd/relative",
                "copied\ncopied/sub\ncopied/sub/y\ncopied/x\ncopied2\ncopied2/sub\ncopied2/sub/y\ncopied2/x\n"
                    + "deep\ndeep/er\ndeep/er/new\ndest\ndest/a.txt\nfile-no-slash\nmulti\nmulti/a.txt\nmulti/x\n"
                    + "wd\nwd/relative\na\na\n"),

        // Wildcards (Go filepath.Match) in sources; a matched directory copies its contents.
        BuildCase.of("copy_wildcards", """
            FROM busybox
            COPY *.txt /w/
            COPY d?r/sub/* /w2/
            COPY [ab].md /w3/
            """)
            .file("a.txt", "a\n").file("b.txt", "b\n").file("c.log", "c\n").file("dir/sub/y", "y\n")
            .file("a.md", "m\n").file("c.md", "n\n")
            .runs("ls /w /w2 /w3", "/w:\na.txt\nb.txt\n\n/w2:\ny\n\n/w3:\na.md\n"),

        // COPY keeps the context files' modes (not their owners: root unless --chown).
        BuildCase.of("copy_keeps_modes", """
            FROM busybox
            COPY run.sh secret /m/
            """)
            .file("run.sh", "#!/bin/sh\necho ran\n", 0755).file("secret", "s\n", 0600)
            .runs("stat -c '%a %u:%g %n' /m/run.sh /m/secret; /m/run.sh", "755 0:0 /m/run.sh\n600 0:0 /m/secret\nran\n"),

        // --chown by name (group: the name's group), by numbers, user only (group = the same number for a
        // number, the user's group for a name); applies to copied directories' contents and to the
        // directory a trailing-slash destination creates.
        BuildCase.of("copy_chown", """
            FROM busybox
            COPY --chown=app:app a.txt /o/named
            COPY --chown=1234:5678 a.txt /o/numeric
            COPY --chown=1234 a.txt /o/uid-only
            COPY --chown=app a.txt /o/name-only
            COPY --chown=app:daemon dir /o/dir/
            """)
            .file("a.txt", "a\n").file("dir/x", "x\n").file("dir/sub/y", "y\n")
            .runs("cd /o; stat -c '%U:%G %u:%g %n' named numeric uid-only name-only dir dir/x dir/sub dir/sub/y",
                "app:app 1000:1000 named\nUNKNOWN:UNKNOWN 1234:5678 numeric\nUNKNOWN:UNKNOWN 1234:1234 uid-only\n"
                    + "app:app 1000:1000 name-only\napp:daemon 1000:1 dir\napp:daemon 1000:1 dir/x\n"
                    + "app:daemon 1000:1 dir/sub\napp:daemon 1000:1 dir/sub/y\n"),

        // --chmod is BuildKit-only in 20.10: "the --chmod option requires BuildKit. Refer to
        // https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled".
        BuildCase.of("copy_chmod", """
            FROM busybox
            COPY --chmod=755 a.txt /x/exec
            COPY --chmod=0640 --chown=app:app a.txt /x/private
            COPY --chmod=700 dir /x/d/
            """)
            .file("a.txt", "a\n").file("dir/f", "f\n")
            .runs("cd /x; stat -c '%a %U %n' exec private d/f", "755 root exec\n640 app private\n700 root d/f\n")
            .buildKitOnly("the --chmod option requires BuildKit"),

        // --link is BuildKit-only (20.10: "dockerfile parse error line 2: Unknown flag: link"); berth accepts it.
        BuildCase.of("copy_link_accepted", """
            FROM busybox
            COPY --link a.txt /linked
            """)
            .file("a.txt", "a\n")
            .runs("cat /linked", "a\n")
            .buildKitOnly("Unknown flag: link"),

        BuildCase.of("copy_from_stage_index_and_image", """
            FROM busybox AS build
            RUN mkdir -p /out/sub && echo artifact > /out/sub/app && chown -R 1000:1000 /out
            FROM busybox
            COPY --from=build /out /from-name
            COPY --from=0 /out/sub/app /from-index
            COPY --from=busybox:latest /etc/passwd /from-image
            """)
            // --from keeps the source's owners (no --chown)
            .runs("find /from-name | sort; stat -c '%u %n' /from-name/sub/app /from-index; head -1 /from-image",
                "/from-name\n/from-name/sub\n/from-name/sub/app\n1000 /from-name/sub/app\n1000 /from-index\n"
                    + "root:x:0:0:root:/root:/bin/sh\n"),

        // ADD extracts local tar archives (plain and gzip) into the destination directory, keeping the
        // archive's owners; COPY of the same archive does not extract; ADD of a non-archive copies it.
        BuildCase.of("add_local_tar_extracts", """
            FROM busybox
            ADD plain.tar /x/
            ADD app.tar.gz /y
            COPY app.tar.gz /z/
            ADD a.txt /plain-add
            """)
            .tar("plain.tar", false, "t/", "", "t/one", "one\n")
            .tar("app.tar.gz", true, "g/", "", "g/two", "two\n")
            .file("a.txt", "a\n")
            .runs("cat /x/t/one /y/g/two; stat -c '%u:%g %n' /x/t/one /y/g/two; ls /z; cat /plain-add",
                "one\ntwo\n1000:1000 /x/t/one\n1000:1000 /y/g/two\napp.tar.gz\na\n"),

        // WORKDIR creates the directory (without any RUN) and chains relative paths.
        BuildCase.of("workdir_created_and_chained", """
            FROM busybox
            WORKDIR /a
            WORKDIR b
            WORKDIR c
            RUN pwd > /pwd
            WORKDIR /empty/never/used
            """)
            .runs("cat /pwd; ls -d /a/b/c /empty/never/used; pwd", "/a/b/c\n/a/b/c\n/empty/never/used\n/empty/never/used\n")
            .inspect("{{.Config.WorkingDir}}", "/empty/never/used"),

        // Patterns: '*' within one level, '**' any depth, '!' re-includes (later lines win), a directory
        // pattern excludes everything under it; the Dockerfile and .dockerignore are sent to the daemon
        // even when listed but COPY does not see them.
        BuildCase.of("dockerignore", """
            FROM busybox
            COPY . /ctx/
            """)
            .file(".dockerignore", """
                # comment
                *.log
                !keep.log
                **/*.tmp
                secret/
                deep/**/drop-*
                !deep/a/drop-but-kept
                Dockerfile
                .dockerignore
                """)
            .file("a.log", "").file("keep.log", "").file("sub/nested.log", "").file("x.tmp", "")
            .file("deep/er/y.tmp", "").file("secret/s", "").file("normal.txt", "")
            .file("deep/a/b/drop-me", "").file("deep/a/drop-but-kept", "").file("deep/a/kept", "")
            .runs("cd /ctx && find . | sort",
                ".\n./deep\n./deep/a\n./deep/a/b\n./deep/a/drop-but-kept\n./deep/a/kept\n./deep/er\n"
                    + "./keep.log\n./normal.txt\n./sub\n./sub/nested.log\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void builds_and_runs(BuildCase c) {
    c.verify(target);
  }

  /** COPY errors with dockerd's texts; nothing is tagged. */
  @Test
  void copy_errors() {
    expectError(BuildCase.of("copy_missing", "FROM busybox\nCOPY nope /x\n"),
        "COPY failed: file not found in build context or excluded by .dockerignore: stat nope: file does not exist");
    expectError(BuildCase.of("copy_ignored", "FROM busybox\nCOPY a.log /x\n").file("a.log", "").file(".dockerignore", "*.log\n"),
        "COPY failed: file not found in build context or excluded by .dockerignore: stat a.log: file does not exist");
    expectError(BuildCase.of("copy_many_to_file", "FROM busybox\nCOPY a.txt b.txt /nodest\n").file("a.txt", "").file("b.txt", ""),
        "When using COPY with more than one source file, the destination must be a directory and end with a /");
    expectError(BuildCase.of("copy_outside", "FROM busybox\nCOPY ../outside /x\n"),
        "COPY failed: forbidden path outside the build context: ../outside ()");
  }

  private void expectError(BuildCase c, String message) {
    Cli.Result r = target.dockerBuild(c.writeContext(target), List.of("-t", c.tag()));
    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.all()).as(r.toString()).contains(message);
    assertThat(target.docker("image", "inspect", c.tag()).exitCode()).isNotZero();
  }

  /**
   * ADD of a URL: the daemon downloads it (so a server on the host's loopback is reachable from the
   * daemon); the file gets mode 600 and is not extracted. {@code --checksum} is BuildKit-only (20.10:
   * "dockerfile parse error line 3: Unknown flag: checksum"); with the wrong digest the build must fail.
   */
  @Test
  void add_url_download_and_checksum() throws IOException {
    byte[] body = "downloaded\n".getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/file.txt", ex -> {
      ex.sendResponseHeaders(200, body.length);
      try (var out = ex.getResponseBody()) { out.write(body); }
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/file.txt";
      BuildCase.of("add_url", "FROM busybox\nADD " + url + " /dl/\n")
          .runs("cat /dl/file.txt; stat -c '%a %u' /dl/file.txt", "downloaded\n600 0\n")
          .verify(target);

      String sha = io.berth.oci.Digest.sha256(body).toString();
      BuildCase.of("add_url_checksum", "FROM busybox\nADD --checksum=" + sha + " " + url + " /dl/\n")
          .runs("cat /dl/file.txt", "downloaded\n")
          .buildKitOnly("Unknown flag: checksum")
          .verify(target);
      if (!target.reference()) {
        expectError(BuildCase.of("add_url_bad_checksum",
            "FROM busybox\nADD --checksum=sha256:" + "0".repeat(64) + " " + url + " /dl/\n"), "checksum");
      }
    } finally {
      server.stop(0);
    }
  }
}
