package io.berth.engine.container.spec;

import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Resolves paths inside a container's root filesystem the way the container would see them: symlinks
 * are followed relative to the rootfs, absolute link targets start again at the rootfs and {@code ..}
 * stops at it. An image can ship {@code /etc/passwd -> /etc/shadow-of-the-host} or
 * {@code ../../../../etc/passwd}; following such links on the host would read host files.
 */
final class RootfsPath {
  private RootfsPath() {}

  private static final int MAX_LINKS = 40; // as the kernel's MAXSYMLINKS
  private static final long MAX_FILE = 4L << 20;

  /** The host path of container path {@code path}; the result is below {@code root}. */
  static Path resolve(Path root, String path) {
    Deque<String> todo = new ArrayDeque<>(split(path));
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.isEmpty() || c.equals(".")) continue;
      if (c.equals("..")) {
        if (!done.isEmpty()) done.removeLast();
        continue;
      }
      Path candidate = join(root, done).resolve(c);
      if (Files.isSymbolicLink(candidate)) {
        if (++links > MAX_LINKS) throw BerthException.invalid("too many levels of symbolic links: %s", path);
        String target;
        try {
          target = Files.readSymbolicLink(candidate).toString();
        } catch (IOException e) {
          throw BerthException.internal("cannot read link " + candidate, e);
        }
        if (target.startsWith("/")) done.clear();
        List<String> parts = split(target);
        for (int i = parts.size() - 1; i >= 0; i--) todo.addFirst(parts.get(i));
      } else {
        done.add(c);
      }
    }
    return join(root, done);
  }

  /** The lines of container file {@code path}, or empty when it does not exist or is not a regular file. */
  static Optional<List<String>> readLines(Path root, String path) {
    Path file = resolve(root, path);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] data = in.readNBytes((int) MAX_FILE + 1);
      if (data.length > MAX_FILE) throw BerthException.invalid("%s in the container is too large", path);
      return Optional.of(new String(data, StandardCharsets.UTF_8).lines().toList());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw BerthException.internal("cannot read " + path + " of the container", e);
    }
  }

  private static List<String> split(String path) {
    return List.of(path.split("/"));
  }

  private static Path join(Path root, List<String> parts) {
    Path p = root;
    for (String part : parts) p = p.resolve(part);
    return p;
  }
}
