package io.berth.engine.container.spec;

import io.berth.oci.runtime.DeviceCgroup;
import io.berth.oci.runtime.Mount;
import java.util.List;
import java.util.Optional;

/** Docker's fixed defaults for Linux containers: mounts, masked and read-only paths, device rules. */
public final class LinuxDefaults {
  private LinuxDefaults() {}

  static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** Kernel interfaces that leak host information or allow host changes; bind-masked with /dev/null or a tmpfs. */
  public static final List<String> MASKED_PATHS = List.of(
      "/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
      "/proc/sched_debug", "/proc/scsi", "/proc/timer_list", "/proc/timer_stats", "/sys/devices/virtual/powercap",
      "/sys/firmware");

  public static final List<String> READONLY_PATHS = List.of(
      "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  /** The standard file systems, /dev/shm last: its size option is added per container. */
  static List<Mount> mounts(long shmSize) {
    return List.of(
        new Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
        new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
        new Mount("/dev/pts", "devpts", "devpts",
            List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
        new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
        new Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("ro", "nosuid", "noexec", "nodev")),
        new Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
        new Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=" + shmSize)));
  }

  /**
   * Deny every device, then allow creating any node (mknod; opening still needs a rule) and using the
   * standard character devices: null, zero, full, random, urandom, tty, console, ptmx, the pty slaves
   * and tun/tap.
   */
  static List<DeviceCgroup> deviceRules() {
    return List.of(
        DeviceCgroup.denyAll(),
        DeviceCgroup.allow("c", Optional.empty(), Optional.empty(), "m"),
        DeviceCgroup.allow("b", Optional.empty(), Optional.empty(), "m"),
        chr(1, 3), chr(1, 5), chr(1, 7), chr(1, 8), chr(1, 9), chr(5, 0), chr(5, 1), chr(5, 2),
        DeviceCgroup.allow("c", Optional.of(136L), Optional.empty(), "rwm"),
        chr(10, 200));
  }

  private static DeviceCgroup chr(long major, long minor) {
    return DeviceCgroup.allow("c", Optional.of(major), Optional.of(minor), "rwm");
  }
}
