package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.testkit.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * commit, diff and history against a real berthd, through the berth CLI and the docker CLI 28: the new
 * image carries the container's changes, --change instructions, history rows and shares its base's
 * layers; diff shows exactly what a container did to its image's files; bad input stores nothing.
 */
class CommitIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  /** Adds, modifies, deletes and renames files of the image's layer, removes a directory tree and recreates it. */
  private static final String SCRIPT = "echo new > /tmp/added; mkdir -p /home/x/y; echo deep > /home/x/y/f;"
      + " echo mod >> /etc/passwd; rm /etc/shadow; mv /etc/group /etc/group2; rm -rf /var/spool;"
      + " rm -rf /usr; mkdir /usr; echo u > /usr/file";

  @Test
  void diff_shows_exactly_the_changes_and_the_image_and_a_sibling_are_untouched() {
    Cli.Result sibling = berth.berth("run", "-d", "--name", "diff-sibling", "busybox", "sleep", "600");
    assertThat(sibling.exitCode()).as(sibling.toString()).isZero();
    try {
      Cli.Result run = berth.berth("run", "--name", "diff-me", "busybox", "sh", "-c", SCRIPT);
      assertThat(run.exitCode()).as(run.toString()).isZero();

      Cli.Result diff = berth.berth("diff", "diff-me");
      assertThat(diff.exitCode()).as(diff.toString()).isZero();
      // what dockerd 20.10 lists for the same script (in Go map order; berth sorts by path)
      assertThat(diff.stdout().lines().toList()).containsExactly(
          "C /etc", "D /etc/group", "A /etc/group2", "C /etc/passwd", "D /etc/shadow",
          "C /home", "A /home/x", "A /home/x/y", "A /home/x/y/f",
          "C /tmp", "A /tmp/added",
          "C /usr", "D /usr/bin", "A /usr/file", "D /usr/sbin",
          "C /var", "D /var/spool");
      assertThat(berth.docker("diff", "diff-me").stdout()).isEqualTo(diff.stdout());
      assertThat(berth.berth("container", "diff", "diff-me").stdout()).isEqualTo(diff.stdout());

      // copy-on-write: the running sibling and a new container of the image see the original files
      assertThat(berth.berth("diff", "diff-sibling").stdout()).isEmpty();
      String original = "ls -d /etc/shadow /etc/group /usr/bin /var/spool && grep -c mod /etc/passwd; ls /tmp";
      Cli.Result inSibling = berth.berth("exec", "diff-sibling", "sh", "-c", original);
      assertThat(inSibling.stdout()).as(inSibling.toString()).contains("/etc/shadow", "/etc/group", "/usr/bin", "/var/spool")
          .doesNotContain("added");
      assertThat(inSibling.stdout().lines()).contains("0");
      Cli.Result fresh = berth.berth("run", "--rm", "busybox", "sh", "-c", original);
      assertThat(fresh.stdout()).isEqualTo(inSibling.stdout());
    } finally {
      berth.berth("rm", "-f", "diff-me", "diff-sibling");
    }
  }

  @Test
  void committed_image_runs_with_the_changes_the_change_instructions_and_one_more_history_row() {
    assertThat(berth.berth("run", "--name", "commit-src", "busybox", "sh", "-c", SCRIPT).exitCode()).isZero();
    try {
      Cli.Result commit = berth.berth("commit", "-a", "Ann <ann@example.com>", "-m", "the first version",
          "-c", "CMD [\"echo\",\"hi\"]", "-c", "ENV A=1", "commit-src", "versions:1");
      assertThat(commit.exitCode()).as(commit.toString()).isZero();
      assertThat(commit.out()).matches("sha256:[0-9a-f]{64}");

      assertThat(berth.berth("run", "--rm", "versions:1").stdout()).isEqualTo("hi\n");
      Cli.Result seen = berth.berth("run", "--rm", "versions:1", "sh", "-c",
          "cat /tmp/added /usr/file /home/x/y/f; ls /usr; test -e /etc/shadow || echo no-shadow; echo A=$A");
      assertThat(seen.stdout()).isEqualTo("new\nu\ndeep\nfile\nno-shadow\nA=1\n");

      JsonNode image = berth.api().get("/images/versions:1/json").json();
      assertThat(image.at("/Config/Cmd").toString()).isEqualTo("[\"echo\",\"hi\"]");
      assertThat(image.at("/Config/Env").toString()).contains("\"A=1\"", "PATH=");
      assertThat(image.get("Author").asText()).isEqualTo("Ann <ann@example.com>");
      assertThat(image.get("Comment").asText()).isEqualTo("the first version");
      assertThat(image.get("Parent").asText()).isEqualTo(berth.busyboxId());
      assertThat(image.at("/RootFS/Layers")).hasSize(2);

      // the docker CLI reads the same
      assertThat(berth.docker("image", "inspect", "-f", "{{json .Config.Cmd}}", "versions:1").out())
          .isEqualTo("[\"echo\",\"hi\"]");
      Cli.Result history = berth.docker("history", "versions:1");
      assertThat(history.exitCode()).as(history.toString()).isZero();
      List<String> rows = history.stdout().lines().toList();
      assertThat(rows).hasSize(4); // header, the commit, busybox's CMD and its layer
      assertThat(rows.get(1)).contains(commit.out().substring(7, 19), "sh -c echo new > /tmp/added; mkdir -p /home/…",
          "the first version");
      assertThat(rows.get(2)).startsWith(berth.busyboxId().substring(7, 19));
      assertThat(rows.get(3)).startsWith("<missing>");
      String columns = "{{.ID}}|{{.CreatedBy}}|{{.Size}}|{{.Comment}}";
      assertThat(berth.berth("history", "--format", columns, "versions:1").stdout())
          .isEqualTo(berth.docker("history", "--format", columns, "versions:1").stdout());
    } finally {
      berth.berth("rm", "-f", "commit-src");
      berth.berth("rmi", "versions:1");
    }
  }

  @Test
  void bad_commits_fail_clearly_and_store_nothing() throws IOException {
    assertThat(berth.berth("create", "--name", "commit-bad", "busybox", "true").exitCode()).isZero();
    try {
      Set<String> images = images();
      Set<String> blobs = files(berth.daemon().dataRoot().resolve("content"));
      Set<String> snapshots = files(berth.daemon().dataRoot().resolve("snapshots"));

      Cli.Result missing = berth.berth("commit", "no-such-container", "bad:1");
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.stderr()).isEqualTo("Error response from daemon: No such container: no-such-container\n");
      Cli.Result foo = berth.berth("commit", "-c", "FOO bar", "commit-bad", "bad:2");
      assertThat(foo.exitCode()).isEqualTo(1);
      assertThat(foo.stderr()).isEqualTo("Error response from daemon: foo is not a valid change command\n");
      Cli.Result viaDocker = berth.docker("commit", "-c", "EXPOSE abc", "commit-bad", "bad:3");
      assertThat(viaDocker.stderr()).contains("Invalid containerPort: abc");

      assertThat(images()).isEqualTo(images);
      assertThat(files(berth.daemon().dataRoot().resolve("content"))).isEqualTo(blobs);
      assertThat(files(berth.daemon().dataRoot().resolve("snapshots"))).isEqualTo(snapshots);
    } finally {
      berth.berth("rm", "-f", "commit-bad");
    }
  }

  @Test
  void a_chain_of_commits_shares_the_base_layers_and_history_shows_every_version() throws IOException {
    Path snapshots = berth.daemon().dataRoot().resolve("snapshots");
    int before = dirs(snapshots);
    List<String> ids = new ArrayList<>();
    String from = "busybox";
    try {
      // version v: a container of version v-1 writes /v<v> and is committed while it runs (paused meanwhile)
      for (int v = 1; v <= 3; v++) {
        String name = "chain-" + v;
        assertThat(berth.berth("run", "-d", "--name", name, from, "sleep", "600").exitCode()).isZero();
        assertThat(berth.berth("exec", name, "sh", "-c", "head -c " + (v * 1000) + " /dev/zero > /v" + v).exitCode())
            .isZero();
        Cli.Result c = berth.berth("commit", "-m", "version " + v, name, "chain:" + v);
        assertThat(c.exitCode()).as(c.toString()).isZero();
        assertThat(berth.api().get("/containers/" + name + "/json").json().at("/State/Status").asText())
            .as("resumed after the commit").isEqualTo("running");
        ids.add(c.out());
        from = "chain:" + v;
      }
      assertThat(berth.berth("run", "--rm", "chain:3", "sh", "-c", "wc -c /v1 /v2 /v3").stdout())
          .contains("1000 /v1", "2000 /v2", "3000 /v3");

      List<List<String>> layers = new ArrayList<>();
      for (int v = 1; v <= 3; v++) {
        List<String> l = new ArrayList<>();
        berth.api().get("/images/chain:" + v + "/json").json().at("/RootFS/Layers").forEach(n -> l.add(n.asText()));
        layers.add(l);
      }
      // each version is its predecessor plus one layer: same diff IDs below, hence the same chain IDs
      assertThat(layers.get(1)).hasSize(3).startsWith(layers.get(0).toArray(String[]::new));
      assertThat(layers.get(2)).hasSize(4).startsWith(layers.get(1).toArray(String[]::new));
      // one snapshot directory per version and per container, nothing of the base copied
      assertThat(dirs(snapshots)).isEqualTo(before + 3 + 3);

      Cli.Result history = berth.berth("history", "--format", "{{.ID}}|{{.Size}}|{{.Comment}}", "chain:3");
      assertThat(history.stdout().lines().toList()).containsExactly(
          ids.get(2).substring(7, 19) + "|3kB|version 3",
          ids.get(1).substring(7, 19) + "|2kB|version 2",
          ids.get(0).substring(7, 19) + "|1kB|version 1",
          berth.busyboxId().substring(7, 19) + "|0B|",
          "<missing>|1.98MB|");
      String columns = "{{.ID}}|{{.CreatedBy}}|{{.Size}}|{{.Comment}}";
      assertThat(berth.docker("history", "--format", columns, "chain:3").stdout())
          .isEqualTo(berth.berth("history", "--format", columns, "chain:3").stdout());

      // commits of an unchanged container work (twice), and add no layer
      assertThat(berth.berth("create", "--name", "chain-idle", "busybox", "sleep", "600").exitCode()).isZero();
      for (String tag : List.of("chain:idle", "chain:idle2")) {
        Cli.Result again = berth.docker("commit", "chain-idle", tag);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(berth.api().get("/images/" + tag + "/json").json().at("/RootFS/Layers")).hasSize(1);
      }
      Cli.Result empty = berth.berth("history", "--format", "{{.Size}} {{.CreatedBy}}", "chain:idle2");
      assertThat(empty.stdout().lines().findFirst()).hasValue("0B sleep 600");
    } finally {
      berth.berth("rm", "-f", "chain-1", "chain-2", "chain-3", "chain-idle");
      berth.berth("rmi", "chain:idle", "chain:idle2", "chain:3", "chain:2", "chain:1");
    }
    assertThat(dirs(snapshots)).isEqualTo(before);
  }

  private static Set<String> images() {
    return new TreeSet<>(berth.berth("images", "-q", "--no-trunc").stdout().lines().toList());
  }

  private static int dirs(Path p) throws IOException {
    try (Stream<Path> s = Files.list(p)) {
      return (int) s.filter(Files::isDirectory).count();
    }
  }

  private static Set<String> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root, 3)) {
      return new TreeSet<>(s.map(Path::toString).toList());
    }
  }
}
