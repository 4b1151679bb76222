package io.berth.engine.cgroups;

import static io.berth.engine.cgroups.CgroupFiles.flatKeyed;
import static io.berth.engine.cgroups.CgroupFiles.readLong;

import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cgroup v2 (unified hosts): one hierarchy, the container's cgroup at {@code <root>/berth/<id>}.
 * Docker's v1-style values are converted as runc's {@code fs2} package does (memory+swap to
 * {@code memory.swap.max}, shares to {@code cpu.weight}); stats follow Docker's v2 collector.
 * Stateless and thread-safe.
 */
public final class CgroupV2Manager implements CgroupManager {
  private final Path root;
  private final ProcFacts host;
  private final Clock clock;
  private final CgroupFiles.Writer writer;

  /**
   * @param root the cgroup2 mount (/sys/fs/cgroup)
   * @param proc the proc filesystem (/proc), for MemTotal and the cgroup namespace
   */
  public CgroupV2Manager(Path root, Path proc, Clock clock) {
    this(root, proc, clock, CgroupFiles.KERNEL);
  }

  CgroupV2Manager(Path root, Path proc, Clock clock, CgroupFiles.Writer writer) {
    this.root = root;
    this.host = new ProcFacts(proc);
    this.clock = clock;
    this.writer = writer;
  }

  public CgroupV2Manager(Path root, Path proc) {
    this(root, proc, Clock.systemUTC());
  }

  @Override
  public CgroupLayout layout() {
    return CgroupLayout.UNIFIED;
  }

  /**
   * From the controllers the root offers children ({@code cgroup.controllers}), as moby's v2
   * sysinfo; swap and the I/O weight also need their files, which the kernel only shows in
   * non-root cgroups, so a child cgroup with the memory (io) controller is probed when there is one.
   * Swappiness and oom-kill-disable do not exist in v2.
   */
  @Override
  public CgroupFeatures features() {
    Set<String> controllers = Set.copyOf(List.of(
        CgroupFiles.read(root.resolve("cgroup.controllers")).orElse("").split("\\s+")));
    boolean memory = controllers.contains("memory");
    boolean cpu = controllers.contains("cpu");
    boolean cpuset = controllers.contains("cpuset");
    boolean io = controllers.contains("io");
    boolean swap = memory && probe("memory.max").map(p -> Files.exists(p.resolve("memory.swap.max"))).orElse(true);
    boolean weight = io && probe("io.stat").map(p -> Files.exists(p.resolve("io.weight"))
        || Files.exists(p.resolve("io.bfq.weight"))).orElse(true);
    return new CgroupFeatures(memory, swap, memory, false, false, controllers.contains("pids"), cpu, cpu, cpuset,
        cpuset ? CgroupFiles.read(root.resolve("cpuset.cpus.effective")).orElse("") : "",
        cpuset ? CgroupFiles.read(root.resolve("cpuset.mems.effective")).orElse("") : "",
        weight, weight, io, io, io, io, host.cgroupNamespaces());
  }

  /** A direct child of the root that has {@code file}, i.e. one where the controller is enabled. */
  private Optional<Path> probe(String file) {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path c : children) if (Files.exists(c.resolve(file))) return Optional.of(c);
    } catch (IOException e) {
      // no children to learn from
    }
    return Optional.empty();
  }

  @Override
  public CgroupStats stats(String path) {
    Path d = existing(path);
    var read = clock.instant();
    Map<String, Long> cpu = flatKeyed(d.resolve("cpu.stat"));
    var cpuStats = new CgroupStats.Cpu(cpu.getOrDefault("usage_usec", 0L) * 1000, List.of(),
        cpu.getOrDefault("system_usec", 0L) * 1000, cpu.getOrDefault("user_usec", 0L) * 1000,
        cpu.getOrDefault("nr_periods", 0L), cpu.getOrDefault("nr_throttled", 0L),
        cpu.getOrDefault("throttled_usec", 0L) * 1000);
    // No failcnt in v2: Docker reports the oom count of memory.events; memory.peak came with 5.19.
    var memory = new CgroupStats.Memory(readLong(d.resolve("memory.current")), readLong(d.resolve("memory.peak")),
        host.cap(readLong(d.resolve("memory.max"))), flatKeyed(d.resolve("memory.events")).getOrDefault("oom", 0L),
        flatKeyed(d.resolve("memory.stat")));
    long pidsMax = readLong(d.resolve("pids.max"));
    var pids = new CgroupStats.Pids(readLong(d.resolve("pids.current")), pidsMax == Long.MAX_VALUE ? 0 : pidsMax);
    return new CgroupStats(read, cpuStats, memory, io(d), pids);
  }

  /** io.stat: {@code major:minor rbytes=.. wbytes=.. rios=.. wios=.. dbytes=.. dios=..} per device. */
  private static CgroupStats.Blkio io(Path d) {
    List<CgroupStats.Entry> bytes = new ArrayList<>();
    List<CgroupStats.Entry> ops = new ArrayList<>();
    for (String line : CgroupFiles.read(d.resolve("io.stat")).orElse("").split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 2 || !f[0].matches("\\d+:\\d+")) continue;
      long major = Long.parseLong(f[0].substring(0, f[0].indexOf(':')));
      long minor = Long.parseLong(f[0].substring(f[0].indexOf(':') + 1));
      Map<String, Long> kv = new java.util.HashMap<>();
      for (int i = 1; i < f.length; i++) {
        int eq = f[i].indexOf('=');
        if (eq > 0) kv.put(f[i].substring(0, eq), CgroupFiles.parseLimit(f[i].substring(eq + 1)));
      }
      bytes.add(new CgroupStats.Entry(major, minor, "read", kv.getOrDefault("rbytes", 0L)));
      bytes.add(new CgroupStats.Entry(major, minor, "write", kv.getOrDefault("wbytes", 0L)));
      ops.add(new CgroupStats.Entry(major, minor, "read", kv.getOrDefault("rios", 0L)));
      ops.add(new CgroupStats.Entry(major, minor, "write", kv.getOrDefault("wios", 0L)));
    }
    return new CgroupStats.Blkio(bytes, ops);
  }

  @Override
  public void update(String path, CgroupLimits l) {
    Path d = existing(path);
    l.cpusetCpus().ifPresent(v -> set(path, d, "cpuset.cpus", v));
    l.cpusetMems().ifPresent(v -> set(path, d, "cpuset.mems", v));
    updateMemory(path, d, l);
    updateCpu(path, d, l);
    l.pidsLimit().ifPresent(v -> set(path, d, "pids.max", v > 0 ? Long.toString(v) : "max"));
    l.blkioWeight().ifPresent(v -> {
      // BFQ takes the blkio scale (1-1000) as is; io.weight (1-10000) needs runc's conversion.
      if (Files.exists(d.resolve("io.bfq.weight"))) {
        set(path, d, "io.bfq.weight", Integer.toString(v));
      } else {
        set(path, d, "io.weight", Long.toString(ioWeight(v)));
      }
    });
  }

  /**
   * Docker's memory-swap is memory plus swap; v2 limits swap alone, so {@code memory.swap.max} gets
   * the difference (runc's ConvertMemorySwapToCgroupV2Value). The two files do not constrain each
   * other, so the order does not matter. Memory alone keeps memory+swap as it was, as v1's memsw
   * does: swap.max is recomputed from the old total. Lowering memory.max below usage makes the
   * kernel reclaim (and OOM-kill if it cannot) instead of failing with EBUSY as v1 does.
   */
  private void updateMemory(String path, Path d, CgroupLimits l) {
    if (l.memory().isPresent() || l.memorySwap().isPresent()) {
      long memory = l.memory().orElse(0L);
      long total = l.memorySwap().orElse(0L);
      if (total > 0 && memory == -1) {
        throw BerthException.invalid("You should always set the Memory limit when using Memoryswap limit, see usage");
      }
      if (total > 0 && memory > 0 && total < memory) {
        throw BerthException.invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
      }
      if (memory == 0 && total > 0) memory = readLong(d.resolve("memory.max"));
      if (memory == -1 && total == 0) total = -1; // unlimited memory lifts swap too, unless told otherwise
      boolean swapFile = Files.exists(d.resolve("memory.swap.max"));
      Optional<String> swapMax = Optional.empty();
      if (total == -1) {
        swapMax = Optional.of("max");
      } else if (total > 0) {
        if (CgroupFiles.unlimited(memory)) {
          throw BerthException.invalid("unable to set swap limit without memory limit");
        }
        swapMax = Optional.of(Long.toString(total - memory));
      } else if (memory > 0 && swapFile) {
        long oldMemory = readLong(d.resolve("memory.max"));
        long oldSwap = readLong(d.resolve("memory.swap.max"));
        if (!CgroupFiles.unlimited(oldMemory) && !CgroupFiles.unlimited(oldSwap)) {
          long oldTotal = oldMemory + oldSwap;
          if (memory > oldTotal) {
            throw BerthException.invalid("Memory limit should be smaller than already set memoryswap limit, "
                + "update the memoryswap at the same time");
          }
          swapMax = Optional.of(Long.toString(oldTotal - memory));
        }
      }
      if (swapMax.isPresent() && !swapFile) {
        // No swap accounting: lifting or zeroing swap is moot (runc ignores it too); a real limit is not.
        if (!swapMax.get().equals("max") && !swapMax.get().equals("0")) {
          throw BerthException.invalid("cannot set the memory+swap limit: this host's kernel does not account swap "
              + "(no memory.swap.max)");
        }
        swapMax = Optional.empty();
      }
      if (swapMax.isPresent()) set(path, d, "memory.swap.max", swapMax.get());
      if (l.memory().isPresent()) set(path, d, "memory.max", memory == -1 ? "max" : Long.toString(memory));
    }
    l.memoryReservation().ifPresent(v -> set(path, d, "memory.low", v > 0 ? Long.toString(v) : "0"));
  }

  /**
   * cpu.weight from Docker's shares (runc 1.1's linear map of [2, 262144] onto [1, 10000]; newer
   * runc uses a curve through the default, but containers here were created with the linear one),
   * and cpu.max as {@code "quota period"}: an absent half keeps its current value, a quota of -1
   * (or 0) is {@code max}.
   */
  private void updateCpu(String path, Path d, CgroupLimits l) {
    l.cpuShares().ifPresent(v -> set(path, d, "cpu.weight", Long.toString(cpuWeight(v))));
    if (l.cpuQuota().isEmpty() && l.cpuPeriod().isEmpty()) return;
    String[] current = CgroupFiles.read(d.resolve("cpu.max")).orElse("max 100000").split("\\s+");
    String quota = l.cpuQuota().map(q -> q > 0 ? Long.toString(q) : "max").orElse(current[0]);
    String period = l.cpuPeriod().map(p -> Long.toString(p)).orElse(current.length > 1 ? current[1] : "100000");
    set(path, d, "cpu.max", quota + " " + period);
  }

  /** runc 1.1's ConvertCPUSharesToCgroupV2Value: 2..262144 shares onto 1..10000. */
  static long cpuWeight(long shares) {
    if (shares <= 0) return 0;
    return 1 + ((Math.max(shares, 2) - 2) * 9999) / 262142;
  }

  /** runc's ConvertBlkIOToIOWeightValue: blkio 10..1000 onto io.weight 1..10000. */
  static long ioWeight(int blkioWeight) {
    return 1 + ((long) Math.max(blkioWeight, 10) - 10) * 9999 / 990;
  }

  @Override
  public List<Integer> pids(String path) {
    return CgroupFiles.procsRecursive(existing(path));
  }

  private Path existing(String path) {
    Path d = root.resolve(CgroupFiles.relative(path));
    if (!Files.isDirectory(d)) throw BerthException.notFound("no such cgroup: %s", path);
    return d;
  }

  private void set(String path, Path dir, String file, String value) {
    CgroupFiles.set(writer, path, dir, file, value);
  }
}
