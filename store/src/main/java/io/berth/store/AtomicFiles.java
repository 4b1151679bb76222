package io.berth.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Crash-safe file helpers. A file written with {@link #write} is either the old or the new content
 * after a crash, never a mix: the bytes go to a temporary file in the same directory (same
 * filesystem, so rename is atomic), which is fsynced, renamed over the target, and then the
 * directory is fsynced so the rename itself is durable.
 *
 * <p>Thread-safety: stateless; concurrent writers of one path each publish a complete file (the last
 * rename wins).
 */
public final class AtomicFiles {
  private static final Set<PosixFilePermission> DEFAULT_MODE = PosixFilePermissions.fromString("rw-r--r--");

  private AtomicFiles() {}

  /** Atomically replaces {@code target} with {@code data} (mode 0644); creates parent directories. */
  public static void write(Path target, byte[] data) throws IOException {
    write(target, data, DEFAULT_MODE);
  }

  /** Atomically replaces {@code target} with {@code data}, with permissions {@code mode}. */
  public static void write(Path target, byte[] data, Set<PosixFilePermission> mode) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) ch.write(buf);
        ch.force(true);
      }
      Files.setPosixFilePermissions(tmp, mode);
      moveAtomically(tmp, target);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    fsyncDirectory(dir);
  }

  /** Renames {@code source} over {@code target} with rename(2); both must be on one filesystem. */
  public static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename atomically across filesystems: " + source + " -> " + target, e);
    }
  }

  /** Flushes a file's data and metadata to disk. */
  public static void fsync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /**
   * Flushes a directory so that entries created or renamed in it survive a crash. (Linux allows
   * fsync on a directory opened read-only; that is what makes a rename durable.)
   */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /**
   * Deletes {@code path} and everything below it; an absent path is ignored. Symbolic links are
   * removed, never followed (a link to {@code /} in a container's layer must not delete the host),
   * and the walk refuses to descend into a directory on another filesystem — a still-mounted
   * overlay or bind mount below {@code path} would otherwise have its contents destroyed.
   *
   * @throws IOException when something cannot be deleted or a mount point is found below path
   */
  public static void deleteRecursively(Path path) throws IOException {
    BasicFileAttributes rootAttrs;
    try {
      rootAttrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    }
    if (!rootAttrs.isDirectory()) {
      Files.deleteIfExists(path);
      return;
    }
    Object rootDev = device(path);
    // No FOLLOW_LINKS: links (also to directories) are visited as files and unlinked.
    Files.walkFileTree(path, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (!rootDev.equals(device(dir))) {
              throw new IOException("refusing to delete across a mount point: " + dir);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
            throw e;
          }

          @Override public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) throw e;
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static Object device(Path p) throws IOException {
    return Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS);
  }
}
