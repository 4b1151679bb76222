package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.testkit.LayeredImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sharing and copy-on-write, measured on disk: one unpacked copy of each layer serves every image and
 * container that has it. Sizes are {@code du}'s (allocated blocks, hard links once, one file system).
 */
class SharingIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();
  static final long MB = 1_000_000;
  static final int CONTAINERS = 50;

  @Test
  void fifty_containers_of_a_100_mb_image_add_under_1_mb_each_until_they_write_and_bases_are_stored_once() {
    Path w = berth.work();
    var base = LayeredImage.busybox(w.resolve("base.tar"));
    var big = LayeredImage.randomFile(w.resolve("big.tar"), "data/random.bin", 100L * 1024 * 1024, 42);
    var extra = LayeredImage.files(w.resolve("extra.tar"), Map.of("etc/motd", "hello\n"));
    LayeredImage.saveTar(w.resolve("big1.tar"), "big:1", List.of(base, big), Map.of());
    LayeredImage.saveTar(w.resolve("big2.tar"), "big:2", List.of(base, big, extra), Map.of());
    StoreOnDisk disk = new StoreOnDisk(berth.daemon().dataRoot());

    long beforeLoad = disk.du();
    assertThat(berth.berth("load", "-i", w.resolve("big1.tar").toString()).exitCode()).isZero();
    var load2 = berth.docker("load", "-i", w.resolve("big2.tar").toString());
    assertThat(load2.exitCode()).as(load2.toString()).isZero();
    long loaded = disk.du() - beforeLoad;
    // big:2 = big:1 + one small layer: 100 MiB unpacked + its blob, and not twice that
    assertThat(loaded).as("both images on disk").isBetween(2 * 100L * 1024 * 1024, 2 * 100L * 1024 * 1024 + 20 * MB);

    // Two images on one base: the same chain IDs, one snapshot directory per layer
    JsonNode one = berth.api().get("/images/big:1/json").json();
    JsonNode two = berth.api().get("/images/big:2/json").json();
    assertThat(two.at("/RootFS/Layers/0")).isEqualTo(one.at("/RootFS/Layers/0"));
    assertThat(two.at("/RootFS/Layers/1")).isEqualTo(one.at("/RootFS/Layers/1"));
    // busybox:latest (the same busybox layer), big, extra: three layers, three directories
    assertThat(disk.snapshotDirs()).hasSize(3).isEqualTo(disk.referencedSnapshotDirs());

    // system df: what big:1 and big:2 share is counted as shared, the small layer as unique
    Map<String, JsonNode> df = dfImages();
    long bigShared = df.get("big:1").get("SharedSize").asLong();
    assertThat(bigShared).isEqualTo(df.get("big:1").get("Size").asLong()); // every layer of big:1 is in big:2 too
    assertThat(df.get("big:2").get("Size").asLong() - df.get("big:2").get("SharedSize").asLong()).isBetween(1L, 10_000L);
    var dfv = berth.berth("system", "df", "-v");
    assertThat(dfv.exitCode()).as(dfv.toString()).isZero();
    // REPOSITORY TAG IMAGE-ID CREATED SIZE SHARED UNIQUE CONTAINERS: big:1 is all shared, big:2 has a few bytes of its own
    assertThat(dfv.stdout()).contains("SHARED SIZE", "UNIQUE SIZE")
        .containsPattern("(?m)^big\\s+1\\s+\\S+\\s+2 years ago\\s+10\\dMB\\s+10\\d\\.\\dMB\\s+0B\\s+0$")
        .containsPattern("(?m)^big\\s+2\\s+\\S+\\s+2 years ago\\s+10\\dMB\\s+10\\d\\.\\dMB\\s+(?!0B)\\d+(\\.\\d+)?k?B\\s+0$");

    // 50 running containers: half through berth, half through docker
    long beforeRun = disk.du();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < CONTAINERS; i++) {
      var r = i % 2 == 0 ? berth.berth("run", "-d", "big:1", "sleep", "600") : berth.docker("run", "-d", "big:1", "sleep", "600");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      ids.add(r.out());
    }
    long perContainer = (disk.du() - beforeRun) / CONTAINERS;
    System.out.printf("SharingIT: two images loaded: %d bytes on disk; %d containers: %d bytes each%n", loaded,
        CONTAINERS, perContainer);
    assertThat(perContainer).as("data-root growth per container (bytes)").isLessThan(MB);
    List<Path> uppers = disk.mountedUpperDirs();
    assertThat(uppers).hasSize(CONTAINERS);
    Map<Path, Long> upperSizes = new HashMap<>();
    for (Path u : uppers) {
      long size = StoreOnDisk.du(List.of(u.getParent())); // fs (upper) and work
      assertThat(size).as("writable layer " + u).isLessThan(MB);
      upperSizes.put(u, size);
    }

    // One container writes 10 MB: only its own writable layer grows; the image and the others do not
    long layersBefore = StoreOnDisk.du(layerDirs(disk, uppers));
    var write = berth.berth("exec", ids.getFirst(), "dd", "if=/dev/urandom", "of=/data/mine.bin", "bs=1M", "count=10");
    assertThat(write.exitCode()).as(write.toString()).isZero();
    var modify = berth.docker("exec", ids.get(1), "sh", "-c", "echo changed >> /data/random.bin");
    assertThat(modify.exitCode()).as(modify.toString()).isZero(); // copy-up of a 100 MiB lower file: its own copy
    long grown = 0;
    int changed = 0;
    for (Path u : uppers) {
      long now = StoreOnDisk.du(List.of(u.getParent()));
      if (now - upperSizes.get(u) > 5 * MB) changed++;
      else assertThat(now - upperSizes.get(u)).as("untouched container " + u).isLessThan(100_000);
      grown += now - upperSizes.get(u);
    }
    System.out.printf("SharingIT: after writing 10 MiB in one container and appending to the 100 MiB file in"
        + " another: writable layers grew by %d bytes, image layers by %d%n", grown,
        StoreOnDisk.du(layerDirs(disk, uppers)) - layersBefore);
    assertThat(changed).isEqualTo(2);
    assertThat(grown).isBetween(10L * 1024 * 1024 + 100L * 1024 * 1024, 10L * 1024 * 1024 + 100L * 1024 * 1024 + 5 * MB);
    assertThat(StoreOnDisk.du(layerDirs(disk, uppers))).as("image layers unchanged").isEqualTo(layersBefore);
    var cat = berth.berth("exec", ids.get(2), "sh", "-c", "tail -c 8 /data/random.bin | od -c | head -1; ls /data");
    assertThat(cat.stdout()).doesNotContain("changed").doesNotContain("mine.bin");

    var rm = berth.docker(concat(List.of("rm", "-f"), ids));
    assertThat(rm.exitCode()).as(rm.toString()).isZero();
    assertThat(disk.snapshotDirs()).hasSize(3);
  }

  /** The snapshot directories that are not containers' writable layers: the image layers. */
  private static List<Path> layerDirs(StoreOnDisk disk, List<Path> uppers) {
    var out = new ArrayList<Path>();
    var upperHomes = uppers.stream().map(Path::getParent).toList();
    for (String d : disk.snapshotDirs()) {
      Path p = disk.snapshots().resolve(d);
      if (!upperHomes.contains(p)) out.add(p);
    }
    return out;
  }

  private static Map<String, JsonNode> dfImages() {
    var r = berth.api().get("/system/df");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode i : r.json().get("Images")) {
      for (JsonNode t : i.get("RepoTags")) out.put(t.asText(), i);
    }
    return out;
  }

  private static String[] concat(List<String> a, List<String> b) {
    var all = new ArrayList<>(a);
    all.addAll(b);
    return all.toArray(String[]::new);
  }
}
