package io.berth.engine.cgroups;

import io.berth.engine.sys.ErrnoException;
import io.berth.engine.sys.Linux;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A writer that keeps the v1 memory controller's rules over fixture files, as the kernel does:
 * memory.limit_in_bytes may never exceed memory.memsw.limit_in_bytes (EINVAL either way round), and
 * a memory limit below the usage fails with EBUSY (the kernel could not reclaim). It records every
 * write as {@code file=value}.
 */
final class FakeV1Kernel implements CgroupFiles.Writer {
  final List<String> writes = new ArrayList<>();
  /** A file name whose next write fails with EINVAL (once); null for none. */
  String failOnceWithEinval;

  @Override
  public void write(Path file, String value) throws ErrnoException {
    String name = file.getFileName().toString();
    writes.add(name + "=" + value);
    if (name.equals(failOnceWithEinval)) {
      failOnceWithEinval = null;
      throw new ErrnoException("write " + name, Linux.EINVAL);
    }
    Path dir = file.getParent();
    long v = limit(value);
    boolean memsw = java.nio.file.Files.exists(dir.resolve("memory.memsw.limit_in_bytes"));
    if (name.equals("memory.limit_in_bytes")) {
      if (memsw && v > limit(CgroupFixtures.read(dir.resolve("memory.memsw.limit_in_bytes")))) {
        throw new ErrnoException("write " + name, Linux.EINVAL);
      }
      if (v < Long.parseLong(CgroupFixtures.read(dir.resolve("memory.usage_in_bytes")))) {
        throw new ErrnoException("write " + name, Linux.EBUSY);
      }
    }
    if (name.equals("memory.memsw.limit_in_bytes")
        && v < limit(CgroupFixtures.read(dir.resolve("memory.limit_in_bytes")))) {
      throw new ErrnoException("write " + name, Linux.EINVAL);
    }
    CgroupFiles.KERNEL.write(file, value);
  }

  private static long limit(String v) {
    long l = CgroupFiles.parseLimit(v);
    return CgroupFiles.unlimited(l) ? Long.MAX_VALUE : l;
  }
}
