package io.berth.engine.daemon;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The runtime puts each container in {@code <hierarchy>/berth/<id>} and removes the leaf on
 * delete, but never the shared {@code berth} parent. berthd removes the parents when it stops and
 * no container is left in them (rmdir of a non-empty cgroup fails with EBUSY, which is the
 * "still in use" answer). Not done per container: a concurrent {@code runc create} could lose the
 * parent between its mkdirs.
 */
final class CgroupParents {
  static final String PARENT = "berth";

  private CgroupParents() {}

  static void removeEmpty(Path cgroupRoot) {
    tryRemove(cgroupRoot.resolve(PARENT)); // cgroup v2 (unified) layout
    try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(cgroupRoot)) {
      for (Path h : hierarchies) tryRemove(h.resolve(PARENT));
    } catch (IOException e) {
      // no cgroup filesystem here: nothing to clean
    }
  }

  private static void tryRemove(Path dir) {
    if (!Files.isDirectory(dir)) return;
    try {
      Files.delete(dir);
    } catch (IOException inUseOrGone) {
      // containers still run in it (EBUSY), or it is already gone
    }
  }
}
