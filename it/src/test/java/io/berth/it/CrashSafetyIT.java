package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Cli;
import io.berth.testkit.LayeredImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kill -9} of berthd in the middle of a {@code load}: after the restart the store is consistent
 * ({@code system check} finds nothing, the data root holds exactly what the metadata references), no
 * half image is listed, and the same load then succeeds.
 */
class CrashSafetyIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();
  static Path archive;
  static StoreOnDisk disk;

  /** busybox + two 150 MiB random layers: big enough to be caught in the middle. */
  @BeforeAll
  static void image() {
    Path w = berth.work();
    var base = LayeredImage.busybox(w.resolve("base.tar"));
    var one = LayeredImage.randomFile(w.resolve("one.tar"), "one.bin", 150L * 1024 * 1024, 1);
    var two = LayeredImage.randomFile(w.resolve("two.tar"), "two.bin", 150L * 1024 * 1024, 2);
    archive = w.resolve("large.tar");
    LayeredImage.saveTar(archive, "large:1", List.of(base, one, two), Map.of());
    disk = new StoreOnDisk(berth.daemon().dataRoot());
  }

  @Test
  void kill_9_while_the_archive_is_being_read() throws Exception {
    // the archive is arriving (spooled under tmp/, or streaming into content ingests, or being
    // unpacked into extract-* snapshots) and no new layer is registered yet
    crashDuringLoad("the archive is being read", () -> (hasLoadDir() || hasIngest() || hasExtractSnapshot()) && layerRows() == 1);
  }

  @Test
  void kill_9_after_some_layers_were_registered() throws Exception {
    // busybox is there already (BerthDaemon loads it): a new layer row means one big layer is unpacked
    crashDuringLoad("a layer was registered", () -> layerRows() >= 2);
  }

  /**
   * {@code kill -9} while {@code commit} turns a container's 200 MiB of changes into a layer. Skipped
   * (an assumption) until the daemon serves {@code POST /commit} (issue 5 part A).
   */
  @Test
  void kill_9_in_the_middle_of_a_commit() throws Exception {
    var probe = berth.api().post("/commit?container=no-such-container-for-probe");
    org.junit.jupiter.api.Assumptions.assumeTrue(probe.status() != 404 || probe.text().contains("No such container"),
        "berthd has no POST /commit yet: " + probe);
    var src = berth.berth("run", "--name", "changes", "busybox", "dd", "if=/dev/urandom", "of=/changes.bin", "bs=1M",
        "count=200");
    assertThat(src.exitCode()).as(src.toString()).isZero();
    int layersBefore = layerRows();

    Cli.Background commit = berth.cli().startBerth("commit", "changes", "committed:1");
    try {
      BerthDaemon.eventually(Duration.ofSeconds(120), "the commit is writing its layer",
          () -> hasIngest() || hasExtractSnapshot() || hasTmpWork() || !commit.process().isAlive());
      assertThat(commit.process().isAlive()).as("the commit is still in flight when berthd is killed").isTrue();
      berth.daemon().kill9();
      Cli.Result r = commit.await(Duration.ofSeconds(30));
      assertThat(r.exitCode()).as(r.toString()).isNotZero();
    } finally {
      commit.close();
    }
    berth.daemon().restart();

    assertThat(berth.berth("images", "--format", "{{.Repository}}:{{.Tag}}").stdout()).doesNotContain("committed");
    var check = berth.berth("system", "check");
    assertThat(check.exitCode()).as(check.toString()).isZero();
    assertThat(disk.snapshotDirs()).isEqualTo(disk.referencedSnapshotDirs());
    assertThat(disk.blobFiles()).isEqualTo(disk.referencedBlobs());
    assertThat(layerRows()).isEqualTo(layersBefore);

    var again = berth.berth("commit", "changes", "committed:1");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    var run = berth.berth("run", "--rm", "committed:1", "sh", "-c", "wc -c < /changes.bin");
    assertThat(run.stdout()).as(run.toString()).isEqualTo("209715200\n");
    assertThat(berth.berth("rm", "changes").exitCode()).isZero();
    assertThat(berth.berth("rmi", "committed:1").exitCode()).isZero();
    assertThat(berth.berth("system", "check").exitCode()).isZero();
  }

  /** Files a commit may be writing under tmp/ (the SQLite driver's native library lives there too). */
  private static boolean hasTmpWork() {
    try (var s = Files.list(berth.daemon().dataRoot().resolve("tmp"))) {
      return s.anyMatch(p -> !p.getFileName().toString().startsWith("sqlite"));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private void crashDuringLoad(String moment, BooleanSupplier when) throws Exception {
    Cli.Background load = berth.cli().startBerth("load", "-i", archive.toString());
    try {
      BerthDaemon.eventually(Duration.ofSeconds(120), moment, () -> when.getAsBoolean() || !load.process().isAlive());
      assertThat(load.process().isAlive()).as("the load is still in flight when berthd is killed (" + moment + ")").isTrue();
      berth.daemon().kill9();
      Cli.Result r = load.await(Duration.ofSeconds(30));
      assertThat(r.exitCode()).as(r.toString()).isNotZero();
    } finally {
      load.close();
    }
    assertThat(imageRows()).as("no image row was committed").doesNotContain("large");

    berth.daemon().restart();

    assertThat(berth.berth("images", "--format", "{{.Repository}}:{{.Tag}}").stdout()).doesNotContain("large");
    var check = berth.berth("system", "check");
    assertThat(check.exitCode()).as(check.toString()).isZero();
    assertThat(check.stdout()).startsWith("store is consistent");
    assertThat(disk.snapshotDirs()).isEqualTo(disk.referencedSnapshotDirs());
    assertThat(disk.blobFiles()).isEqualTo(disk.referencedBlobs());
    assertThat(Files.list(berth.daemon().dataRoot().resolve("tmp")).filter(p -> p.getFileName().toString().startsWith("load-")))
        .isEmpty();
    assertThat(layerRows()).isEqualTo(1); // busybox only

    var again = berth.berth("load", "-i", archive.toString());
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.stdout()).contains("Loaded image: large:1");
    var run = berth.berth("run", "--rm", "large:1", "sh", "-c", "wc -c < /one.bin; wc -c < /two.bin");
    assertThat(run.stdout()).as(run.toString()).isEqualTo("157286400\n157286400\n");
    assertThat(berth.berth("system", "check").exitCode()).isZero();
    assertThat(berth.berth("rmi", "large:1").exitCode()).isZero();
    assertThat(disk.snapshotDirs()).isEqualTo(disk.referencedSnapshotDirs());
    assertThat(disk.blobFiles()).isEqualTo(disk.referencedBlobs());
  }

  private static boolean hasLoadDir() {
    try (var s = Files.list(berth.daemon().dataRoot().resolve("tmp"))) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith("load-"));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static boolean hasIngest() {
    try (var s = Files.list(berth.daemon().dataRoot().resolve("content/ingest"))) {
      return s.findAny().isPresent();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static boolean hasExtractSnapshot() {
    return !disk.query("SELECT key FROM snapshots WHERE key LIKE 'extract-%'").isEmpty();
  }

  private static int layerRows() {
    return Integer.parseInt(disk.query("SELECT count(*) FROM layers").iterator().next());
  }

  private static String imageRows() {
    return String.join(",", disk.query("SELECT ref FROM tags"));
  }
}
