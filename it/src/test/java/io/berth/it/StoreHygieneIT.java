package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.LayeredImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** image prune, system prune, system df and system check through the berth CLI and the docker CLI. */
class StoreHygieneIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  @AfterEach
  void storeIsClean() {
    var check = berth.berth("system", "check");
    assertThat(check.exitCode()).as(check.toString()).isZero();
    StoreOnDisk disk = new StoreOnDisk(berth.daemon().dataRoot());
    assertThat(disk.snapshotDirs()).isEqualTo(disk.referencedSnapshotDirs());
    assertThat(disk.blobFiles()).isEqualTo(disk.referencedBlobs());
    if (berth.api().get("/images/busybox:latest/json").status() != 200) berth.daemon().loadBusybox("busybox:latest");
  }

  /** Loads a small image of busybox + one text layer; {@code tag} empty for a dangling one. */
  private static String load(String tag, String text, Map<String, String> labels) {
    Path w = berth.work();
    var base = LayeredImage.busybox(w.resolve("base.tar"));
    var top = LayeredImage.files(w.resolve("top-" + text + ".tar"), Map.of("etc/" + text, text));
    Path tar = w.resolve("img-" + text + ".tar");
    String id = LayeredImage.saveTar(tar, tag, List.of(base, top), labels).toString();
    var r = berth.berth("load", "-i", tar.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return id;
  }

  private static List<String> imageIds() {
    return berth.berth("images", "-q", "--no-trunc").stdout().lines().toList();
  }

  @Test
  void image_prune_removes_dangling_images_only_and_prints_what_docker_prints() {
    String dangling = load("", "dangling", Map.of());
    String tagged = load("kept:1", "kept", Map.of());

    var prune = berth.berth("image", "prune", "-f");

    assertThat(prune.exitCode()).as(prune.toString()).isZero();
    assertThat(prune.stdout()).startsWith("Deleted Images:\ndeleted: " + dangling + "\n\nTotal reclaimed space: ")
        .matches("(?s).*Total reclaimed space: \\d+(\\.\\d+)?kB\n");
    assertThat(imageIds()).doesNotContain(dangling).contains(tagged);
    var again = berth.docker("image", "prune", "-f");
    assertThat(again.stdout()).isEqualTo("Total reclaimed space: 0B\n");
    assertThat(berth.berth("rmi", "kept:1").exitCode()).isZero();
  }

  @Test
  void prune_all_keeps_images_containers_use_and_honours_label_and_until_filters() {
    String a = load("a:1", "a", Map.of("prune", "yes"));
    String b = load("b:1", "b", Map.of("prune", "no"));
    var ctr = berth.docker("create", "--name", "user-of-b", "b:1", "true");
    assertThat(ctr.exitCode()).as(ctr.toString()).isZero();

    var labelled = berth.docker("image", "prune", "-a", "-f", "--filter", "label=prune=yes");
    assertThat(labelled.stdout()).contains("untagged: a:1", "deleted: " + a).doesNotContain("b:1");
    assertThat(imageIds()).doesNotContain(a).contains(b, berth.busyboxId());

    // until: the loaded images say they were created in 2024, so "until=1h" takes them; b is in use
    var until = berth.berth("image", "prune", "-a", "-f", "--filter", "until=1h", "--filter", "label!=keep");
    assertThat(until.exitCode()).as(until.toString()).isZero();
    assertThat(imageIds()).contains(b).doesNotContain(berth.busyboxId());

    // the prompt: "y" goes on, anything else cancels (exit 0, nothing removed)
    var no = berth.cli().shell("echo n | $BERTH system prune -a");
    assertThat(no.exitCode()).isZero();
    assertThat(no.stdout()).startsWith("WARNING! This will remove:\n  - all stopped containers\n"
        + "  - all networks not used by at least one container\n"
        + "  - all images without at least one container associated to them\n  - all build cache\n\n"
        + "Are you sure you want to continue? [y/N] ");
    assertThat(imageIds()).contains(b);
    var yes = berth.cli().shell("echo y | $BERTH system prune -a");
    assertThat(yes.exitCode()).as(yes.toString()).isZero();
    assertThat(yes.stdout()).contains("Deleted Containers:\n", "Deleted Images:\n", "untagged: b:1\n", "deleted: " + b + "\n")
        .containsPattern("Total reclaimed space: [\\d.]+[kM]B\n$");
    assertThat(imageIds()).isEmpty();
  }

  @Test
  void system_df_is_what_the_docker_cli_prints() {
    var run = berth.berth("run", "--name", "writer", "busybox", "sh", "-c", "dd if=/dev/zero of=/f bs=1k count=200");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    for (String[] args : List.of(new String[] {"system", "df"}, new String[] {"system", "df", "--format", "json"},
        new String[] {"system", "df", "--format", "{{.Type}} {{.Active}}/{{.TotalCount}} {{.Reclaimable}}"})) {
      var docker = berth.docker(args);
      var ours = berth.berth(args);
      assertThat(ours.exitCode()).as(ours.toString()).isZero();
      assertThat(ours.stdout()).as(String.join(" ", args)).isEqualTo(docker.stdout());
    }
    var df = berth.berth("system", "df");
    // the exited writer's 200 KiB are all reclaimable
    assertThat(df.stdout()).containsPattern("Containers\\s+1\\s+0\\s+20\\d\\.\\dkB\\s+20\\d\\.\\dkB \\(100%\\)");
    var v = berth.berth("system", "df", "-v");
    assertThat(v.stdout()).containsPattern("busybox\\s+latest\\s+\\S+\\s+2 years ago\\s+.*\\s1\n")
        .containsPattern("\\s0\\s+20\\dkB\\s+.*writer\n");
    assertThat(berth.berth("rm", "writer").exitCode()).isZero();
  }

  @Test
  void system_check_reports_damage_and_repair_removes_what_nothing_refers_to() throws Exception {
    Path data = berth.daemon().dataRoot();
    Path orphan = Files.createDirectories(data.resolve("snapshots/4242/fs/etc"));
    Files.writeString(orphan.resolve("passwd"), "x");
    var found = berth.berth("system", "check");
    assertThat(found.exitCode()).isEqualTo(1);
    assertThat(found.stdout()).contains("snapshot snapshots/4242: no snapshot row names this directory (repairable)",
        "1 problem found, 1 remaining");
    var repaired = berth.berth("system", "check", "--repair");
    assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
    assertThat(repaired.stdout()).contains("(repaired)", "1 problem found, 1 repaired, 0 remaining");
    assertThat(data.resolve("snapshots/4242")).doesNotExist();

    // a corrupt layer blob is reported and stays a problem: repair never deletes what an image needs
    String hex = new StoreOnDisk(data).query("SELECT blob_digest FROM layers").iterator().next().substring(7);
    Path blob = data.resolve("content/blobs/sha256/" + hex);
    byte[] good = Files.readAllBytes(blob);
    Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
    Files.write(blob, "not the layer".getBytes());
    try {
      var corrupt = berth.berth("system", "check", "--repair");
      assertThat(corrupt.exitCode()).isEqualTo(1);
      assertThat(corrupt.stdout()).contains("blob sha256:" + hex + ": content does not match its digest", "1 remaining");
    } finally {
      Files.write(blob, good);
      Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("r--r--r--"));
    }
  }
}
