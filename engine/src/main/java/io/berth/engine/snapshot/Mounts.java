package io.berth.engine.snapshot;

import static io.berth.engine.sys.Linux.MS_BIND;
import static io.berth.engine.sys.Linux.MS_NODEV;
import static io.berth.engine.sys.Linux.MS_NOEXEC;
import static io.berth.engine.sys.Linux.MS_NOSUID;
import static io.berth.engine.sys.Linux.MS_PRIVATE;
import static io.berth.engine.sys.Linux.MS_RDONLY;
import static io.berth.engine.sys.Linux.MS_REC;
import static io.berth.engine.sys.Linux.MS_REMOUNT;
import static io.berth.engine.sys.Linux.MS_SHARED;
import static io.berth.engine.sys.Linux.MS_SLAVE;

import io.berth.engine.snapshot.Snapshotter.Mount;
import io.berth.engine.sys.ErrnoException;
import io.berth.engine.sys.Linux;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Performs the {@link Mount}s a {@link Snapshotter} describes, with mount(2) (never the
 * {@code mount} program). Options are read as mount(8) reads them: flag words ({@code ro},
 * {@code rbind}, {@code nosuid}, {@code private}, …) become mount flags, everything else
 * ({@code lowerdir=…}) is passed to the file system as data.
 *
 * <p>Thread-safety: stateless; concurrent calls on different targets are fine.
 */
public final class Mounts {
  /** mount(2) copies at most one page of data; the kernel rejects (or truncates) longer options. */
  public static final int MAX_DATA_LENGTH = 4095;
  private static final int MAX_STACKED = 64;

  private static final Map<String, Long> SET = Map.of("ro", MS_RDONLY, "nosuid", MS_NOSUID,
      "nodev", MS_NODEV, "noexec", MS_NOEXEC, "bind", MS_BIND, "rbind", MS_BIND | MS_REC);
  private static final Map<String, Long> CLEAR = Map.of("rw", MS_RDONLY, "suid", MS_NOSUID,
      "dev", MS_NODEV, "exec", MS_NOEXEC, "defaults", 0L);
  private static final Map<String, Long> PROPAGATION = Map.of("private", MS_PRIVATE,
      "rprivate", MS_PRIVATE | MS_REC, "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC,
      "shared", MS_SHARED, "rshared", MS_SHARED | MS_REC);

  private Mounts() {}

  /**
   * Mounts {@code mounts} in order on {@code target} (created when missing). When one fails, the
   * ones already made are unmounted before the error is thrown.
   *
   * @throws IOException e.g. {@code "mount overlay on /x: Invalid argument"}
   */
  public static void mountAll(List<Mount> mounts, Path target) throws IOException {
    Files.createDirectories(target);
    int done = 0;
    try {
      for (Mount m : mounts) {
        mount(m, target);
        done++;
      }
    } catch (IOException | RuntimeException e) {
      for (int i = 0; i < done; i++) {
        try {
          Linux.umount2(target, Linux.MNT_DETACH);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** Performs one mount on {@code target}. */
  public static void mount(Mount m, Path target) throws IOException {
    long flags = 0;
    long propagation = 0;
    List<String> data = new ArrayList<>();
    for (String o : m.options()) {
      if (SET.containsKey(o)) flags |= SET.get(o);
      else if (CLEAR.containsKey(o)) flags &= ~CLEAR.get(o);
      else if (PROPAGATION.containsKey(o)) propagation = PROPAGATION.get(o);
      else data.add(o);
    }
    if (m.type().equals("bind")) flags |= MS_BIND;
    String joined = String.join(",", data);
    if (joined.length() > MAX_DATA_LENGTH) {
      throw new IOException("mount " + m.type() + " on " + target + ": options are " + joined.length()
          + " bytes, the kernel takes at most " + MAX_DATA_LENGTH);
    }
    if ((flags & MS_BIND) != 0) {
      // A bind ignores every flag but MS_REC on the first call; ro/nosuid/… need a remount.
      Linux.mount(m.source(), target, null, flags & (MS_BIND | MS_REC), null);
      long extra = flags & ~(MS_BIND | MS_REC);
      if (extra != 0) {
        try {
          Linux.mount(null, target, null, MS_REMOUNT | MS_BIND | extra, null);
        } catch (IOException e) {
          Linux.umount2(target, Linux.MNT_DETACH);
          throw e;
        }
      }
    } else {
      Linux.mount(m.source(), target, m.type(), flags, joined.isEmpty() ? null : joined);
    }
    if (propagation != 0) Linux.mount(null, target, null, propagation, null);
  }

  /**
   * Unmounts everything stacked on {@code target} (lazily, MNT_DETACH, so a busy mount does not
   * fail). A target that is not a mount point, or does not exist, is left as it is.
   */
  public static void unmount(Path target) throws IOException {
    for (int i = 0; i < MAX_STACKED; i++) {
      try {
        Linux.umount2(target, Linux.MNT_DETACH);
      } catch (ErrnoException e) {
        // EINVAL: not (or no longer) a mount point; ENOENT: nothing there at all.
        if (e.errno() == Linux.EINVAL || e.errno() == Linux.ENOENT) return;
        throw e;
      }
    }
    throw new IOException("umount " + target + ": still mounted after " + MAX_STACKED + " unmounts");
  }
}
