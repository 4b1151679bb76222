package io.berth.engine.cgroups;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the managers need from /proc: the host's memory (MemTotal) and whether cgroup namespaces exist. */
final class ProcFacts {
  private final Path proc;

  ProcFacts(Path proc) {
    this.proc = proc;
  }

  /** MemTotal in bytes; 0 when unknown. */
  long memTotal() {
    return CgroupFiles.read(proc.resolve("meminfo")).flatMap(text -> text.lines()
        .filter(l -> l.startsWith("MemTotal:")).findFirst())
        .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).orElse(0L);
  }

  /** Docker reports the host's memory as the limit of a cgroup without one (moby's machineMemory cap). */
  long cap(long limit) {
    long total = memTotal();
    return total > 0 && (limit > total || limit < 0) ? total : limit;
  }

  boolean cgroupNamespaces() {
    return Files.exists(proc.resolve("self/ns/cgroup"));
  }
}
