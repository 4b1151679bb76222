package io.berth.engine.cgroups;

import static io.berth.engine.cgroups.CgroupFiles.flatKeyed;
import static io.berth.engine.cgroups.CgroupFiles.readLong;

import io.berth.engine.sys.ErrnoException;
import io.berth.engine.sys.Linux;
import io.berth.oci.errors.BerthException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cgroup v1 (legacy and hybrid hosts): each controller in its own hierarchy, the container's
 * cgroup at {@code <hierarchy>/berth/<id>} in each. Semantics follow runc's {@code fs} package and
 * Docker's stats collector (containerd's cgroup1 stats). Stateless and thread-safe.
 */
public final class CgroupV1Manager implements CgroupManager {
  /** Linux reports cpuacct.stat in USER_HZ ticks, 100 per second on every architecture Docker runs on. */
  private static final long NANOS_PER_TICK = 1_000_000_000L / 100;

  private static final Path ABSENT = Path.of("/nonexistent-cgroup-hierarchy");

  private final CgroupLayout layout;
  private final Map<String, Path> mounts;
  private final ProcFacts host;
  private final Clock clock;
  private final CgroupFiles.Writer writer;

  /**
   * @param layout LEGACY or HYBRID
   * @param controllerMounts each controller's hierarchy mount point ({@link CgroupLayouts#v1Controllers})
   * @param proc the proc filesystem (/proc), for MemTotal and the cgroup namespace
   */
  public CgroupV1Manager(CgroupLayout layout, Map<String, Path> controllerMounts, Path proc, Clock clock) {
    this(layout, controllerMounts, proc, clock, CgroupFiles.KERNEL);
  }

  CgroupV1Manager(CgroupLayout layout, Map<String, Path> controllerMounts, Path proc, Clock clock,
      CgroupFiles.Writer writer) {
    if (layout == CgroupLayout.UNIFIED) throw new IllegalArgumentException("a unified host has no v1 hierarchies");
    this.layout = layout;
    this.mounts = Map.copyOf(controllerMounts);
    this.host = new ProcFacts(proc);
    this.clock = clock;
    this.writer = writer;
  }

  public CgroupV1Manager(CgroupLayout layout, Map<String, Path> controllerMounts, Path proc) {
    this(layout, controllerMounts, proc, Clock.systemUTC());
  }

  @Override
  public CgroupLayout layout() {
    return layout;
  }

  @Override
  public CgroupFeatures features() {
    Optional<Path> mem = root("memory");
    Optional<Path> cpu = root("cpu");
    Optional<Path> cpuset = root("cpuset");
    Optional<Path> blkio = root("blkio");
    boolean hasCpuset = has(cpuset, "cpuset.cpus");
    return new CgroupFeatures(
        has(mem, "memory.limit_in_bytes"),
        has(mem, "memory.memsw.limit_in_bytes"),
        has(mem, "memory.soft_limit_in_bytes"),
        has(mem, "memory.swappiness"),
        has(mem, "memory.oom_control"),
        root("pids").isPresent(), // the root of the pids hierarchy has no pids.max; its children do
        has(cpu, "cpu.shares"),
        has(cpu, "cpu.cfs_quota_us") && has(cpu, "cpu.cfs_period_us"),
        hasCpuset,
        hasCpuset ? effective(cpuset.get(), "cpus") : "",
        hasCpuset ? effective(cpuset.get(), "mems") : "",
        // BFQ took over the weight when CFQ was removed (kernel 5.0); moby accepts either.
        has(blkio, "blkio.weight") || has(blkio, "blkio.bfq.weight"),
        has(blkio, "blkio.weight_device") || has(blkio, "blkio.bfq.weight_device"),
        has(blkio, "blkio.throttle.read_bps_device"),
        has(blkio, "blkio.throttle.write_bps_device"),
        has(blkio, "blkio.throttle.read_iops_device"),
        has(blkio, "blkio.throttle.write_iops_device"),
        host.cgroupNamespaces());
  }

  @Override
  public CgroupStats stats(String path) {
    requireExists(path);
    var read = clock.instant();
    return new CgroupStats(read, cpu(path), memory(path), blkio(path), pidsStats(dir("pids", path)));
  }

  private CgroupStats.Cpu cpu(String path) {
    Path acct = dir("cpuacct", path);
    Map<String, Long> ticks = flatKeyed(acct.resolve("cpuacct.stat"));
    Map<String, Long> throttling = flatKeyed(dir("cpu", path).resolve("cpu.stat"));
    return new CgroupStats.Cpu(readLong(acct.resolve("cpuacct.usage")),
        CgroupFiles.longs(acct.resolve("cpuacct.usage_percpu")),
        ticks.getOrDefault("system", 0L) * NANOS_PER_TICK, ticks.getOrDefault("user", 0L) * NANOS_PER_TICK,
        throttling.getOrDefault("nr_periods", 0L), throttling.getOrDefault("nr_throttled", 0L),
        throttling.getOrDefault("throttled_time", 0L));
  }

  private CgroupStats.Memory memory(String path) {
    Path d = dir("memory", path);
    long limit = readLong(d.resolve("memory.limit_in_bytes"));
    return new CgroupStats.Memory(readLong(d.resolve("memory.usage_in_bytes")),
        readLong(d.resolve("memory.max_usage_in_bytes")), host.cap(limit), readLong(d.resolve("memory.failcnt")),
        flatKeyed(d.resolve("memory.stat")));
  }

  /**
   * CFQ's per-cgroup counters when the kernel has them and they count something, else the
   * throttle counters (which every kernel keeps, whatever the scheduler), as containerd does.
   * The recursive files include the descendants; older kernels have only the plain ones.
   */
  private CgroupStats.Blkio blkio(String path) {
    Path d = dir("blkio", path);
    List<CgroupStats.Entry> bytes = entries(d, "blkio.io_service_bytes_recursive");
    List<CgroupStats.Entry> ops = entries(d, "blkio.io_serviced_recursive");
    if (bytes.isEmpty() && ops.isEmpty()) {
      bytes = entries(d, "blkio.throttle.io_service_bytes_recursive", "blkio.throttle.io_service_bytes");
      ops = entries(d, "blkio.throttle.io_serviced_recursive", "blkio.throttle.io_serviced");
    }
    return new CgroupStats.Blkio(bytes, ops);
  }

  /** The lines {@code major:minor Op value} of the first file that exists; the {@code Total} line is skipped. */
  private static List<CgroupStats.Entry> entries(Path dir, String... candidates) {
    for (String name : candidates) {
      Optional<String> text = CgroupFiles.read(dir.resolve(name));
      if (text.isEmpty()) continue;
      List<CgroupStats.Entry> out = new ArrayList<>();
      for (String line : text.get().split("\n")) {
        String[] f = line.trim().split("[\\s:]+");
        if (f.length < 3) continue; // "Total N", or empty
        try {
          String op = f.length >= 4 ? f[2] : "";
          out.add(new CgroupStats.Entry(Long.parseLong(f[0]), Long.parseLong(f[1]), op,
              CgroupFiles.parseLimit(f[f.length >= 4 ? 3 : 2])));
        } catch (NumberFormatException e) {
          // not a device line
        }
      }
      return out;
    }
    return List.of();
  }

  private static CgroupStats.Pids pidsStats(Path d) {
    long max = readLong(d.resolve("pids.max"));
    return new CgroupStats.Pids(readLong(d.resolve("pids.current")), max == Long.MAX_VALUE ? 0 : max);
  }

  /**
   * Applies the limits controller by controller in runc's order (cpuset, memory, cpu, pids,
   * blkio); a failure leaves the earlier controllers changed, as {@code runc update} does.
   */
  @Override
  public void update(String path, CgroupLimits l) {
    requireExists(path);
    if (l.cpusetCpus().isPresent() || l.cpusetMems().isPresent()) {
      Path d = need("cpuset", path);
      l.cpusetCpus().ifPresent(v -> set(path, d, "cpuset.cpus", v));
      l.cpusetMems().ifPresent(v -> set(path, d, "cpuset.mems", v));
    }
    updateMemory(path, l);
    updateCpu(path, l);
    l.pidsLimit().ifPresent(v -> set(path, need("pids", path), "pids.max", v > 0 ? Long.toString(v) : "max"));
    l.blkioWeight().ifPresent(v -> {
      Path d = need("blkio", path);
      // blkio.weight (CFQ, 10-1000) or, since CFQ is gone, BFQ's blkio.bfq.weight (1-1000): same scale.
      String file = Files.exists(d.resolve("blkio.weight")) ? "blkio.weight" : "blkio.bfq.weight";
      if (!Files.exists(d.resolve(file))) {
        throw BerthException.invalid("cannot set the block I/O weight: this host's blkio cgroup has no weight "
            + "(neither blkio.weight nor blkio.bfq.weight)");
      }
      set(path, d, file, Integer.toString(v));
    });
  }

  /**
   * v1 keeps memory.limit_in_bytes <= memory.memsw.limit_in_bytes at every write, so the order
   * matters: when the new memory+swap is at least the current memory limit, raise memsw first;
   * otherwise lower memory first (runc's setMemoryAndSwap). Unlimited memory without an explicit
   * swap value also lifts swap (runc). Memory alone, with memsw limited, keeps memsw: a memory
   * limit above it is refused with moby's message instead of the kernel's bare EINVAL.
   */
  private void updateMemory(String path, CgroupLimits l) {
    if (l.memory().isEmpty() && l.memorySwap().isEmpty() && l.memoryReservation().isEmpty()) return;
    Path d = need("memory", path);
    boolean hasSwap = Files.exists(d.resolve("memory.memsw.limit_in_bytes"));
    long memory = l.memory().orElse(0L);
    long swap = l.memorySwap().orElse(0L);
    if (swap != 0 && !hasSwap) {
      throw BerthException.invalid("cannot set the memory+swap limit: this host's kernel does not account swap "
          + "(no memory.memsw.limit_in_bytes; boot with swapaccount=1)");
    }
    if (swap > 0 && memory == -1) {
      throw BerthException.invalid("You should always set the Memory limit when using Memoryswap limit, see usage");
    }
    if (swap > 0 && memory > 0 && swap < memory) {
      throw BerthException.invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
    }
    if (memory == -1 && swap == 0 && hasSwap) swap = -1;
    if (memory > 0 && swap == 0 && hasSwap) {
      long currentSwap = readLong(d.resolve("memory.memsw.limit_in_bytes"));
      if (!CgroupFiles.unlimited(currentSwap) && memory > currentSwap) {
        throw BerthException.invalid(
            "Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time");
      }
    }
    if (memory != 0 && swap != 0) {
      long currentMemory = readLong(d.resolve("memory.limit_in_bytes"));
      if (swap == -1 || swap >= currentMemory) {
        setSwap(path, d, swap);
        setMemory(path, d, memory);
      } else {
        setMemory(path, d, memory);
        setSwap(path, d, swap);
      }
    } else if (memory != 0) {
      setMemory(path, d, memory);
    } else if (swap != 0) {
      setSwap(path, d, swap);
    }
    l.memoryReservation().ifPresent(v -> set(path, d, "memory.soft_limit_in_bytes", Long.toString(v)));
  }

  /** EBUSY means the limit is below what the cgroup uses now and the kernel could not reclaim enough. */
  private void setMemory(String path, Path d, long memory) {
    try {
      writer.write(d.resolve("memory.limit_in_bytes"), Long.toString(memory));
    } catch (ErrnoException e) {
      if (e.errno() == Linux.EBUSY) {
        throw BerthException.invalid("unable to set memory limit to %d (current usage: %d, peak usage: %d)", memory,
            readLong(d.resolve("memory.usage_in_bytes")), readLong(d.resolve("memory.max_usage_in_bytes")));
      }
      throw CgroupFiles.refused(path, d, "memory.limit_in_bytes", Long.toString(memory), e);
    }
  }

  private void setSwap(String path, Path d, long swap) {
    set(path, d, "memory.memsw.limit_in_bytes", Long.toString(swap));
  }

  /**
   * Shares, then period, then quota. A shorter period can be refused (EINVAL) while the old quota
   * would exceed the parent's bandwidth; when a quota comes too, the period is written again after
   * it (runc's fs/cpu.go does the same).
   */
  private void updateCpu(String path, CgroupLimits l) {
    if (l.cpuShares().isEmpty() && l.cpuQuota().isEmpty() && l.cpuPeriod().isEmpty()) return;
    Path d = need("cpu", path);
    l.cpuShares().ifPresent(v -> set(path, d, "cpu.shares", Long.toString(v)));
    boolean periodPending = false;
    if (l.cpuPeriod().isPresent()) {
      String period = Long.toString(l.cpuPeriod().get());
      try {
        writer.write(d.resolve("cpu.cfs_period_us"), period);
      } catch (ErrnoException e) {
        if (e.errno() != Linux.EINVAL || l.cpuQuota().isEmpty()) {
          throw CgroupFiles.refused(path, d, "cpu.cfs_period_us", period, e);
        }
        periodPending = true;
      }
    }
    if (l.cpuQuota().isPresent()) {
      long quota = l.cpuQuota().get();
      set(path, d, "cpu.cfs_quota_us", Long.toString(quota > 0 ? quota : -1));
      if (periodPending) set(path, d, "cpu.cfs_period_us", Long.toString(l.cpuPeriod().get()));
    }
  }

  /** The pids of the cgroup's tasks, from the pids hierarchy (or the first one holding the cgroup). */
  @Override
  public List<Integer> pids(String path) {
    for (String c : List.of("pids", "memory", "cpu", "freezer", "devices", "cpuset", "blkio", "cpuacct")) {
      if (!mounts.containsKey(c)) continue;
      Path d = dir(c, path);
      if (Files.isDirectory(d)) return CgroupFiles.procsRecursive(d);
    }
    throw BerthException.notFound("no such cgroup: %s", path);
  }

  /** runc creates the cgroup in every hierarchy; the memory one (else any) tells whether it still exists. */
  private void requireExists(String path) {
    for (String c : List.of("memory", "pids", "cpu", "cpuacct", "blkio", "cpuset")) {
      if (mounts.containsKey(c)) {
        if (Files.isDirectory(dir(c, path))) return;
        if (c.equals("memory")) break;
      }
    }
    throw BerthException.notFound("no such cgroup: %s", path);
  }

  /**
   * The cgroup directory in a controller's hierarchy. Without that hierarchy the answer is a path
   * that does not exist, so that stats read zeros for the missing controller.
   */
  private Path dir(String controller, String path) {
    Path mount = mounts.get(controller);
    return mount == null ? ABSENT : mount.resolve(CgroupFiles.relative(path));
  }

  /** The cgroup directory of a controller whose limit is to be written; InvalidArgument without it. */
  private Path need(String controller, String path) {
    Path mount = mounts.get(controller);
    if (mount == null) throw BerthException.invalid("this host has no %s cgroup hierarchy", controller);
    return mount.resolve(CgroupFiles.relative(path));
  }

  private Optional<Path> root(String controller) {
    return Optional.ofNullable(mounts.get(controller));
  }

  private static boolean has(Optional<Path> root, String file) {
    return root.isPresent() && Files.exists(root.get().resolve(file));
  }

  /** The cpus or mems containers may use: the root's effective set (its plain set on old kernels). */
  private static String effective(Path cpusetRoot, String what) {
    return CgroupFiles.read(cpusetRoot.resolve("cpuset.effective_" + what))
        .or(() -> CgroupFiles.read(cpusetRoot.resolve("cpuset." + what))).orElse("");
  }

  private void set(String path, Path dir, String file, String value) {
    CgroupFiles.set(writer, path, dir, file, value);
  }
}
