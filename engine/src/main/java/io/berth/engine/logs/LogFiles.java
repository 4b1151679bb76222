package io.berth.engine.logs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of one container log: the live file conmon appends to ({@code ctr.log}) and the
 * rotated ones ({@code ctr.log.1} newest … {@code ctr.log.N} oldest), as docker's json-file driver
 * names them.
 *
 * <p>Rotation and listing take the same lock ({@link #lock}), so a reader never sees a rotation
 * half done (a file renamed twice, or a name missing between two renames). Rotation happens only
 * in berthd ({@link LogRotator}); conmon only replaces the live file when asked to reopen it.
 */
public final class LogFiles {
  private static final Object[] LOCKS = new Object[64];

  static {
    for (int i = 0; i < LOCKS.length; i++) LOCKS[i] = new Object();
  }

  private LogFiles() {}

  /** The lock for the log whose live file is {@code live} (striped: logs may share one). */
  static Object lock(Path live) {
    return LOCKS[Math.floorMod(live.toAbsolutePath().hashCode(), LOCKS.length)];
  }

  static Path rotated(Path live, int n) {
    return live.resolveSibling(live.getFileName() + "." + n);
  }

  /** The existing files, oldest first, the live file last (when it exists). Call under {@link #lock}. */
  static List<Path> chain(Path live) throws IOException {
    Pattern p = Pattern.compile(Pattern.quote(live.getFileName().toString()) + "\\.(\\d+)");
    record Numbered(Path path, int n) {}
    List<Numbered> rotated = new ArrayList<>();
    Path dir = live.toAbsolutePath().getParent();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path f : ds) {
        Matcher m = p.matcher(f.getFileName().toString());
        if (m.matches()) rotated.add(new Numbered(f, Integer.parseInt(m.group(1))));
      }
    } catch (NoSuchFileException gone) {
      return List.of();
    }
    rotated.sort(Comparator.comparingInt(Numbered::n).reversed());
    List<Path> out = new ArrayList<>();
    rotated.forEach(r -> out.add(r.path()));
    if (Files.exists(live)) out.add(live);
    return out;
  }

  /**
   * Keeps at most {@code maxFiles} files in all: drops the oldest, shifts the others up by one and
   * renames the live file to {@code .1}. The writer (conmon) keeps appending to the renamed file
   * until it is told to reopen, so nothing written meanwhile is lost. With {@code maxFiles} 1 there
   * is nothing to keep: the live file stays and the reopen truncates it (conmon replaces it).
   *
   * @return true when the live file was renamed (the writer must reopen to go on with a new one)
   */
  public static boolean rotate(Path live, int maxFiles) throws IOException {
    synchronized (lock(live)) {
      if (maxFiles <= 1 || !Files.exists(live)) return false;
      for (Path f : chain(live)) {
        if (f.equals(live)) continue;
        int n = Integer.parseInt(f.getFileName().toString().substring(live.getFileName().toString().length() + 1));
        if (n >= maxFiles - 1) Files.deleteIfExists(f);
      }
      for (int n = maxFiles - 2; n >= 1; n--) {
        Path from = rotated(live, n);
        if (Files.exists(from)) Files.move(from, rotated(live, n + 1), StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(live, rotated(live, 1), StandardCopyOption.ATOMIC_MOVE);
      return true;
    }
  }

  /** Deletes the rotated files of a log (the live file is left alone). */
  public static void deleteRotated(Path live) throws IOException {
    synchronized (lock(live)) {
      for (Path f : chain(live)) if (!f.equals(live)) Files.deleteIfExists(f);
    }
  }
}
