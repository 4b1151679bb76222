package io.berth.engine.container;

import io.berth.engine.archive.RootDir;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Docker's copy-up: the first mount of an empty volume over a directory of the image copies that
 * directory's content in, with owners, modes, timestamps, extended attributes and hard links
 * (moby {@code copyExistingContents}). The volume's own directory takes the image directory's owner
 * and mode even when that directory is empty.
 *
 * <p>Safety: the destination is resolved inside the container's root as the container would see it,
 * every symlink on the way taken relative to that root, so an image cannot point the copy at the
 * host's files; inside the tree symlinks are copied as links and never followed. The copy is GNU
 * {@code cp -a} on the resolved directory, run before the container has a process.
 */
final class VolumeCopyUp {
  private VolumeCopyUp() {}

  /** Copies {@code destination} of the mounted {@code rootfs} into {@code volume} when that is empty. */
  static void copy(Path rootfs, String destination, Path volume) throws IOException {
    Optional<Path> resolved = resolveInRoot(rootfs, destination);
    if (resolved.isEmpty() || !Files.isDirectory(resolved.get(), LinkOption.NOFOLLOW_LINKS)) return;
    if (!isEmpty(volume)) return;
    Path source = resolved.get();
    if (!isEmpty(source)) {
      run(List.of("cp", "-a", "--", source + "/.", volume.toString()));
    }
    // cp -a of "dir/." sets the target's attributes too; an empty source still gives its owner and mode.
    PosixFileAttributes a = Files.readAttributes(source, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    PosixFileAttributeView view = Files.getFileAttributeView(volume, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    view.setOwner(a.owner());
    view.setGroup(a.group());
    view.setPermissions(a.permissions());
  }

  /**
   * {@code path} inside {@code root} with symlinks resolved as in a chroot at {@code root}
   * ({@code ..} stops at the root; {@link RootDir#canonical}); empty when some part does not exist.
   */
  static Optional<Path> resolveInRoot(Path root, String path) throws IOException {
    String canonical;
    try (RootDir dir = RootDir.open(root)) {
      canonical = dir.canonical(path);
    } catch (io.berth.engine.sys.ErrnoException e) {
      throw BerthException.invalid("%s: %s", path, e.getMessage());
    }
    Path p = canonical.equals("/") ? root : root.resolve(canonical.substring(1));
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? Optional.of(p) : Optional.empty();
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static void run(List<String> argv) throws IOException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    try {
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw BerthException.internal("copying image content into a volume timed out", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0) throw BerthException.internal("copying image content into a volume failed: " + out, null);
  }
}
