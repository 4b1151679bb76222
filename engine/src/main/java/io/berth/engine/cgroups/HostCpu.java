package io.berth.engine.cgroups;

import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's CPU time and online CPUs from {@code /proc/stat}, as Docker's
 * {@code getSystemCPUUsage}: the first seven fields of the {@code cpu} line (user, nice, system,
 * idle, iowait, irq, softirq; not steal or guest) in USER_HZ ticks, times 1e9/100; one online CPU
 * per {@code cpuN} line. The docker CLI divides a container's CPU delta by this delta. Stateless.
 */
public final class HostCpu {
  private static final long NANOS_PER_TICK = 1_000_000_000L / 100;

  private final Path procStat;

  public HostCpu(Path procStat) {
    this.procStat = procStat;
  }

  public static HostCpu forHost() {
    return new HostCpu(Path.of("/proc/stat"));
  }

  /** Both values from one read of /proc/stat. */
  public record Sample(long systemUsageNanos, int onlineCpus) {}

  public Sample sample() {
    try {
      return parse(Files.readString(procStat));
    } catch (IOException e) {
      throw BerthException.internal("cannot read " + procStat + ": " + e.getMessage(), e);
    }
  }

  public long systemUsageNanos() {
    return sample().systemUsageNanos();
  }

  public int onlineCpus() {
    return sample().onlineCpus();
  }

  /** Reads the {@code cpu} lines at the top of a /proc/stat text (glibc assumes they come first too). */
  public static Sample parse(String text) {
    long usage = 0;
    int cpus = 0;
    for (String line : text.split("\n")) {
      if (line.length() < 4 || !line.startsWith("cpu")) break;
      if (line.charAt(3) == ' ') {
        String[] f = line.trim().split("\\s+");
        if (f.length < 8) throw BerthException.internal("invalid number of cpu fields in /proc/stat", null);
        long ticks = 0;
        for (int i = 1; i < 8; i++) ticks += Long.parseLong(f[i]);
        usage = ticks * NANOS_PER_TICK;
      } else if (Character.isDigit(line.charAt(3))) {
        cpus++;
      }
    }
    return new Sample(usage, cpus);
  }
}
