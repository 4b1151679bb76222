package io.berth.engine.archive;

import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Resolves archive entry names inside one layer directory the way a chroot would: every path stays
 * inside {@code root} whatever the archive says.
 *
 * <p>Names are cleaned lexically first; a name whose {@code ..} climbs above the root is refused.
 * The parent directories of an entry are then walked one component at a time with {@code lstat}; a
 * symlink met on the way is followed with {@code root} as "/" (an absolute target restarts at
 * {@code root}, {@code ..} stops at it), so {@code a -> /etc} followed by {@code a/passwd} writes
 * {@code root/etc/passwd}. The returned directory is made of real directories only, so the caller's
 * later calls on it cannot be redirected. The last component is never followed: callers replace it.
 *
 * <p>Not thread-safe; one instance per layer being applied (the layer directory is private to the
 * applier while it runs, so nothing changes between the walk and its use).
 */
final class LayerPaths {
  private static final int MAX_SYMLINKS = 40;

  private final Path root;

  LayerPaths(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /**
   * The cleaned components of an archive name ({@code ./a//b/} → [a, b]; {@code /abs} → [abs]).
   *
   * @throws BerthException.InvalidArgument when {@code ..} climbs out of the layer or the name holds NUL
   */
  static List<String> clean(String name) {
    if (name.indexOf('\0') >= 0) throw invalid("entry name contains NUL: %s", name.replace('\0', '?'));
    List<String> out = new ArrayList<>();
    for (String c : name.split("/")) {
      if (c.isEmpty() || c.equals(".")) continue;
      if (c.equals("..")) {
        if (out.isEmpty()) throw invalid("path escapes the layer: %s", name);
        out.removeLast();
      } else {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * The real directory that holds {@code components} (all but the last), creating missing
   * directories (mode 0755, owned by this process) as tar does.
   */
  Path parentOf(List<String> components, String name) throws IOException {
    return walk(components.subList(0, components.size() - 1), true, name).orElseThrow();
  }

  /** Like {@link #parentOf} but creates nothing: empty when a directory on the way is missing. */
  Optional<Path> existingParentOf(List<String> components, String name) throws IOException {
    return walk(components.subList(0, components.size() - 1), false, name);
  }

  /** The real directory {@code components} names (all of them), created when missing. */
  Path directory(List<String> components, String name) throws IOException {
    return walk(components, true, name).orElseThrow();
  }

  private Optional<Path> walk(List<String> components, boolean create, String name) throws IOException {
    Deque<String> todo = new ArrayDeque<>(components);
    List<String> current = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.isEmpty() || c.equals(".")) continue;
      if (c.equals("..")) {
        if (!current.isEmpty()) current.removeLast(); // chroot: ".." of "/" is "/"
        continue;
      }
      Path p = join(current).resolve(c);
      Optional<BasicFileAttributes> attrs = lstat(p);
      if (attrs.isEmpty()) {
        if (!create) return Optional.empty();
        Files.createDirectory(p);
        current.add(c);
      } else if (attrs.get().isSymbolicLink()) {
        if (++links > MAX_SYMLINKS) throw invalid("too many levels of symbolic links: %s", name);
        String target = Files.readSymbolicLink(p).toString();
        if (target.startsWith("/")) current.clear();
        String[] parts = target.split("/");
        for (int i = parts.length - 1; i >= 0; i--) todo.addFirst(parts[i]);
      } else if (attrs.get().isDirectory()) {
        current.add(c);
      } else {
        throw invalid("not a directory: %s in %s", String.join("/", current.isEmpty() ? List.of(c)
            : append(current, c)), name);
      }
    }
    return Optional.of(join(current));
  }

  private Path join(List<String> components) {
    Path p = root;
    for (String c : components) p = p.resolve(c);
    return p;
  }

  private static List<String> append(List<String> list, String c) {
    List<String> out = new ArrayList<>(list);
    out.add(c);
    return out;
  }

  static Optional<BasicFileAttributes> lstat(Path p) throws IOException {
    try {
      return Optional.of(Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  static BerthException.InvalidArgument invalid(String fmt, Object... args) {
    return BerthException.invalid("invalid layer archive: " + fmt, args);
  }
}
