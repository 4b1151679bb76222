package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.testkit.LayeredImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A property of the store: after any sequence of loads, tags, runs, removals, image removals, prunes
 * and daemon restarts, {@code system check} finds nothing and the data root holds exactly the snapshot
 * directories and blobs the metadata references — no leak, nothing missing. The sequence is random;
 * its seed is printed (rerun one with {@code -Dberth.gc.seed=N}).
 */
class StoreGcPropertyIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();
  static final int STEPS = 40;

  @Test
  void any_sequence_of_image_and_container_operations_leaves_exactly_what_the_metadata_references() {
    long seed = Long.getLong("berth.gc.seed", System.nanoTime());
    System.out.println("StoreGcPropertyIT seed: " + seed + " (-Dberth.gc.seed=" + seed + ")");
    Random rnd = new Random(seed);
    Path w = berth.work();
    var base = LayeredImage.busybox(w.resolve("base.tar"));
    var a = LayeredImage.files(w.resolve("a.tar"), Map.of("a", "a"));
    var b = LayeredImage.files(w.resolve("b.tar"), Map.of("b", "b"));
    var c = LayeredImage.files(w.resolve("c.tar"), Map.of("c", "c"));
    var d = LayeredImage.files(w.resolve("d.tar"), Map.of("d", "d"));
    List<Path> archives = List.of(
        save(w, "pa:1", List.of(base, a)),       // shares busybox with everything
        save(w, "pb:1", List.of(base, b)),
        save(w, "pc:1", List.of(base, a, c)),    // extends pa:1's chain
        save(w, "", List.of(base, d)),           // dangling once loaded
        save(w, "pe:1", List.of(d)));            // a base of its own (not runnable)
    StoreOnDisk disk = new StoreOnDisk(berth.daemon().dataRoot());
    List<String> log = new ArrayList<>();

    for (int step = 0; step < STEPS; step++) {
      String op = step(rnd, archives);
      log.add(step + ": " + op);
      if (step % 10 == 9) assertConsistent(disk, seed, log);
    }
    assertConsistent(disk, seed, log);
    System.out.println("StoreGcPropertyIT steps:\n  " + String.join("\n  ", log));
    berth.daemon().restart(); // and the start-up collection finds nothing more to take
    assertConsistent(disk, seed, log);
  }

  private static Path save(Path w, String tag, List<LayeredImage.Layer> layers) {
    Path out = w.resolve("p" + layers.size() + "-" + layers.getLast().diffId().hex().substring(0, 8) + ".tar");
    LayeredImage.saveTar(out, tag, layers, Map.of());
    return out;
  }

  /** One random operation; returns what it did (the CLI used and the outcome). */
  private static String step(Random rnd, List<Path> archives) {
    List<String> images = list("/images/json", "Id");
    List<String> tags = tags();
    List<String> containers = list("/containers/json?all=1", "Id");
    int kind = rnd.nextInt(100);
    String[] cmd;
    if (kind < 22 || images.isEmpty()) {
      cmd = new String[] {"load", "-i", archives.get(rnd.nextInt(archives.size())).toString()};
    } else if (kind < 32) {
      String src = rnd.nextBoolean() && !tags.isEmpty() ? pick(rnd, tags) : pick(rnd, images);
      cmd = new String[] {"tag", src, "t" + rnd.nextInt(3) + ":latest"};
    } else if (kind < 50) {
      List<String> runnable = tags.stream().filter(t -> !t.startsWith("pe:")).toList();
      if (runnable.isEmpty()) return "nothing to run";
      String img = pick(rnd, runnable);
      cmd = rnd.nextBoolean() ? new String[] {"run", "-d", img, "sleep", "120"} : new String[] {"create", img, "true"};
    } else if (kind < 62) {
      if (containers.isEmpty()) return "no container to remove";
      cmd = new String[] {"rm", "-f", pick(rnd, containers)};
    } else if (kind < 77) {
      String ref = rnd.nextBoolean() && !tags.isEmpty() ? pick(rnd, tags) : pick(rnd, images);
      cmd = rnd.nextInt(3) == 0 ? new String[] {"rmi", "-f", ref} : new String[] {"rmi", ref};
    } else if (kind < 85) {
      cmd = rnd.nextBoolean() ? new String[] {"image", "prune", "-f"} : new String[] {"image", "prune", "-a", "-f"};
    } else if (kind < 90) {
      cmd = new String[] {"container", "prune", "-f"};
    } else if (kind < 96) {
      cmd = rnd.nextBoolean() ? new String[] {"system", "prune", "-f"} : new String[] {"system", "prune", "-a", "-f"};
    } else {
      if (rnd.nextBoolean()) berth.daemon().kill9();
      berth.daemon().restart();
      return "restart";
    }
    boolean docker = rnd.nextBoolean();
    var r = docker ? berth.docker(cmd) : berth.berth(cmd);
    assertThat(r.stderr()).as(r.toString()).doesNotContain("Error: "); // a CLI failure, not a daemon refusal
    return (docker ? "docker " : "berth ") + String.join(" ", cmd) + " -> " + r.exitCode();
  }

  private static void assertConsistent(StoreOnDisk disk, long seed, List<String> log) {
    String context = "seed " + seed + ", steps:\n  " + String.join("\n  ", log);
    var check = berth.berth("system", "check");
    assertThat(check.exitCode()).as(check + "\n" + context).isZero();
    try { // refusals (404, 409) are expected; an internal error never is
      assertThat(java.nio.file.Files.readString(berth.daemon().logFile())).as(context).doesNotContain("-> 500");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(disk.snapshotDirs()).as(context).isEqualTo(disk.referencedSnapshotDirs());
    assertThat(disk.blobFiles()).as(context).isEqualTo(disk.referencedBlobs());
    // and the metadata itself is complete: every image's layers and every container's snapshot exist
    for (JsonNode img : berth.api().get("/images/json").json()) {
      var inspect = berth.api().get("/images/" + img.get("Id").asText() + "/json");
      assertThat(inspect.status()).as(context).isEqualTo(200);
    }
  }

  private static List<String> list(String path, String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : berth.api().get(path).json()) out.add(n.get(field).asText());
    return out;
  }

  private static List<String> tags() {
    List<String> out = new ArrayList<>();
    for (JsonNode n : berth.api().get("/images/json").json()) n.get("RepoTags").forEach(t -> out.add(t.asText()));
    return out;
  }

  private static String pick(Random rnd, List<String> from) {
    return from.get(rnd.nextInt(from.size()));
  }
}
