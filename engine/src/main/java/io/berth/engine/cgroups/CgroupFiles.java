package io.berth.engine.cgroups;

import io.berth.engine.sys.ErrnoException;
import io.berth.engine.sys.FdIo;
import io.berth.engine.sys.Fds;
import io.berth.engine.sys.Linux;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reading and writing cgroup control files. Writes go through write(2) directly so that the
 * kernel's errno (EBUSY, EINVAL) reaches the caller as an {@link ErrnoException}: that errno is the
 * only way the kernel says why it refused a limit. O_TRUNC is harmless on cgroupfs and makes the
 * temp-dir fixtures of the unit tests behave like the kernel's one-value files.
 */
final class CgroupFiles {
  private static final int O_TRUNC = 01000;

  private CgroupFiles() {}

  /**
   * How a manager writes a control file: the kernel in production ({@link #KERNEL}); unit tests
   * pass a writer that also enforces the kernel's rules (memory <= memsw, EBUSY below usage) over
   * temp-dir files, to check the order of writes.
   */
  @FunctionalInterface
  interface Writer {
    void write(Path file, String value) throws ErrnoException;
  }

  static final Writer KERNEL = CgroupFiles::write;

  /** The file's content, trimmed; empty when it does not exist. */
  static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw BerthException.internal("cannot read " + file + ": " + reason(e), e);
    }
  }

  /** A one-number file; {@code "max"} reads as {@link Long#MAX_VALUE}; 0 when absent or empty. */
  static long readLong(Path file) {
    return read(file).map(CgroupFiles::parseLimit).orElse(0L);
  }

  /** A number, or {@code max} ({@link Long#MAX_VALUE}); v1 files can hold up to 2^64-1, read as max too. */
  static long parseLimit(String v) {
    if (v.isEmpty()) return 0;
    if (v.equals("max")) return Long.MAX_VALUE;
    try {
      if (v.startsWith("-")) return Long.parseLong(v);
      long u = Long.parseUnsignedLong(v);
      return u < 0 ? Long.MAX_VALUE : u;
    } catch (NumberFormatException e) {
      throw BerthException.internal("unexpected cgroup value \"" + v + "\"", e);
    }
  }

  /**
   * v1 reports "no limit" as the largest page-aligned counter (9223372036854771712 on x86-64), v2
   * as {@code max}; anything from 2^62 up is treated as unlimited.
   */
  static boolean unlimited(long v) {
    return v < 0 || v >= (1L << 62);
  }

  /** A "flat keyed" file ({@code key value} per line: memory.stat, cpu.stat); empty when absent. */
  static Map<String, Long> flatKeyed(Path file) {
    Map<String, Long> out = new LinkedHashMap<>();
    read(file).ifPresent(text -> text.lines().forEach(line -> {
      String[] f = line.trim().split("\\s+");
      if (f.length == 2) {
        try {
          out.put(f[0], parseLimit(f[1]));
        } catch (BerthException e) {
          // a non-numeric value (none in the files we read): skip it
        }
      }
    }));
    return out;
  }

  /** Whitespace-separated numbers (cpuacct.usage_percpu). */
  static List<Long> longs(Path file) {
    List<Long> out = new ArrayList<>();
    read(file).ifPresent(text -> {
      for (String f : text.split("\\s+")) if (!f.isEmpty()) out.add(parseLimit(f));
    });
    return out;
  }

  /** Writes {@code value} with one write(2); the kernel's refusal comes back with its errno. */
  static void write(Path file, String value) throws ErrnoException {
    int fd = Fds.openat(Linux.AT_FDCWD, file.toString(), Fds.O_WRONLY | O_TRUNC, 0);
    try {
      byte[] b = value.getBytes(StandardCharsets.US_ASCII);
      FdIo.writeFully(fd, b, 0, b.length);
    } catch (ErrnoException e) {
      throw e;
    } catch (IOException e) {
      throw new ErrnoException(e.getMessage(), FdIo.EIO);
    } finally {
      Fds.close(fd);
    }
  }

  /**
   * A runc cgroups path ({@code /berth/<id>}) relative to a hierarchy's mount point, as runc takes
   * an absolute path when berthd runs in the host's cgroup namespace. {@code ..} is refused.
   */
  static String relative(String path) {
    String rel = path.startsWith("/") ? path.substring(1) : path;
    if (rel.isEmpty() || List.of(rel.split("/")).contains("..")) {
      throw BerthException.invalid("invalid cgroup path: %s", path);
    }
    return rel;
  }

  /** Every pid in {@code cgroup.procs} of {@code dir} and of its descendants (depth first). */
  static List<Integer> procsRecursive(Path dir) {
    List<Integer> out = new ArrayList<>();
    collect(dir, out);
    return out;
  }

  private static void collect(Path dir, List<Integer> out) {
    read(dir.resolve("cgroup.procs")).ifPresent(text -> text.lines().map(String::trim).filter(l -> !l.isEmpty())
        .forEach(l -> out.add(Integer.parseInt(l))));
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path child : children) collect(child, out);
    } catch (NoSuchFileException gone) {
      // removed while we walked: its processes have exited
    } catch (IOException e) {
      throw BerthException.internal("cannot list " + dir + ": " + reason(e), e);
    }
  }

  /**
   * Writes one limit of the cgroup {@code cgroup} (the runc path, for messages) and turns the
   * kernel's refusal into Berth's taxonomy: a vanished cgroup is NotFound, a value the kernel will
   * not take (EINVAL, EBUSY, ERANGE, ENOSPC) or a file this host lacks is InvalidArgument.
   */
  static void set(Writer writer, String cgroup, Path dir, String file, String value) {
    try {
      writer.write(dir.resolve(file), value);
    } catch (ErrnoException e) {
      throw refused(cgroup, dir, file, value, e);
    }
  }

  static BerthException refused(String cgroup, Path dir, String file, String value, ErrnoException e) {
    if (e.errno() == Linux.ENOENT) {
      if (!Files.isDirectory(dir)) return BerthException.notFound("no such cgroup: %s", cgroup);
      return BerthException.invalid("cannot set %s: this host's cgroups have no such file", file);
    }
    return switch (e.errno()) {
      case Linux.EINVAL, Linux.EBUSY, Linux.ERANGE, Linux.ENOSPC ->
          BerthException.invalid("cannot set %s to %s: %s", file, value, Linux.strerror(e.errno()));
      default -> BerthException.internal(
          "cannot set " + file + " to " + value + " in " + dir + ": " + Linux.strerror(e.errno()), e);
    };
  }

  static String reason(IOException e) {
    return e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
        : String.valueOf(e.getMessage());
  }
}
