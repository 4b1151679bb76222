package io.berth.engine.container.spec;

import io.berth.oci.errors.BerthException;
import io.berth.oci.runtime.Mount;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link SpecGenerator} needs about one container. Build with {@link #builder}; defaults
 * are Docker's (no extra capabilities, not privileged, writable rootfs, 64 MiB /dev/shm, a new network
 * namespace with only loopback).
 *
 * @param containerId     the full container id (64 hex), only used in messages
 * @param args            the process argv (entrypoint + cmd), non-empty
 * @param env             {@code KEY=value} entries from the image and the user, later ones win;
 *                        a bare {@code KEY} removes the variable
 * @param workingDir      absolute working directory; empty means {@code /}
 * @param user            Docker's {@code --user}; empty means the image's default (root)
 * @param groupAdd        {@code --group-add} groups (names resolved in the container's /etc/group)
 * @param rootfs          the container's mounted root filesystem (the overlay) on the host
 * @param terminal        allocate a pseudo-terminal ({@code -t}); also adds {@code TERM=xterm}
 * @param openStdin       stdin is kept open ({@code -i}); conmon's concern, recorded for completeness
 * @param extraMounts     per-container mounts (the /etc/hostname, /etc/hosts, /etc/resolv.conf binds,
 *                        volumes); one with the destination of a default mount replaces it
 * @param cgroupsPath     the container's cgroup path, e.g. {@code /berth/<id>}
 * @param netnsPath       a network namespace to join; empty means a new one (loopback only)
 * @param capAdd          {@code --cap-add} (with or without {@code CAP_}, or {@code ALL})
 * @param capDrop         {@code --cap-drop}
 * @param readonlyRootfs  {@code --read-only}
 * @param privileged      {@code --privileged}: all (available) capabilities and devices, no seccomp,
 *                        no masked paths, writable /sys
 * @param shmSize         size of /dev/shm in bytes
 * @param oomScoreAdj     the process's OOM score adjustment ({@code --oom-score-adj}), written always
 *                        so containers do not inherit the daemon's
 * @param security        {@code --security-opt}: no-new-privileges and the seccomp choice
 * @param sysctls         {@code --sysctl} values (validated at create), over Docker's defaults
 * @param initBinary      {@code --init}: the static init (tini) bind-mounted read-only at
 *                        {@code /sbin/docker-init}, which then runs the process; empty: no init
 * @param limits          cgroup limits (memory, cpu, pids, blockIO) and device allow rules added to
 *                        Docker's default device rules (ignored for privileged containers, which may
 *                        use every device)
 * @param devices         {@code --device} nodes created in the container's /dev
 * @param rlimits         {@code --ulimit}s; empty: inherited from the runtime
 * @param cgroupNamespace a private cgroup namespace ({@code --cgroupns private})
 */
public record SpecInput(
    String containerId,
    List<String> args,
    List<String> env,
    String workingDir,
    Optional<String> user,
    List<String> groupAdd,
    String hostname,
    Path rootfs,
    boolean terminal,
    boolean openStdin,
    List<Mount> extraMounts,
    String cgroupsPath,
    Optional<Path> netnsPath,
    List<String> capAdd,
    List<String> capDrop,
    boolean readonlyRootfs,
    boolean privileged,
    long shmSize,
    int oomScoreAdj,
    SecurityOptions security,
    java.util.Map<String, String> sysctls,
    Optional<Path> initBinary,
    io.berth.oci.runtime.Resources limits,
    List<io.berth.oci.runtime.Device> devices,
    List<io.berth.oci.runtime.Rlimit> rlimits,
    boolean cgroupNamespace) {
  /** The network namespace path that means "the host's" (runc resolves it in its own process, which is in the host's). */
  public static final Path HOST_NETNS = Path.of("/proc/self/ns/net");

  /** True when the container joins the host's network namespace. */
  public boolean hostNetwork() { return netnsPath.filter(HOST_NETNS::equals).isPresent(); }


  public static final long DEFAULT_SHM_SIZE = 64L << 20;

  public SpecInput {
    Objects.requireNonNull(containerId, "containerId");
    args = List.copyOf(args);
    if (args.isEmpty()) throw BerthException.invalid("no command specified");
    env = List.copyOf(env);
    Objects.requireNonNull(workingDir, "workingDir");
    if (!workingDir.isEmpty() && !workingDir.startsWith("/")) {
      throw BerthException.invalid("the working directory '%s' is invalid, it needs to be an absolute path", workingDir);
    }
    user = Objects.requireNonNullElse(user, Optional.empty());
    groupAdd = List.copyOf(groupAdd);
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(rootfs, "rootfs");
    if (!rootfs.isAbsolute()) throw BerthException.invalid("rootfs must be an absolute path: %s", rootfs);
    extraMounts = List.copyOf(extraMounts);
    Objects.requireNonNull(cgroupsPath, "cgroupsPath");
    netnsPath = Objects.requireNonNullElse(netnsPath, Optional.empty());
    capAdd = List.copyOf(capAdd);
    capDrop = List.copyOf(capDrop);
    if (shmSize <= 0) throw BerthException.invalid("shm size must be positive: %d", shmSize);
    if (oomScoreAdj < -1000 || oomScoreAdj > 1000) {
      throw BerthException.invalid("invalid value %d, range for oom score adj is [-1000, 1000]", oomScoreAdj);
    }
    security = Objects.requireNonNullElse(security, SecurityOptions.DEFAULT);
    sysctls = sysctls == null ? java.util.Map.of() : java.util.Map.copyOf(sysctls);
    initBinary = Objects.requireNonNullElse(initBinary, Optional.empty());
    limits = Objects.requireNonNullElse(limits, io.berth.oci.runtime.Resources.devicesOnly(List.of()));
    devices = devices == null ? List.of() : List.copyOf(devices);
    rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
  }

  public static Builder builder(String containerId, Path rootfs, List<String> args) {
    return new Builder(containerId, rootfs, args);
  }

  /** A mutable builder with Docker's defaults; not thread-safe. */
  public static final class Builder {
    private final String containerId;
    private final Path rootfs;
    private final List<String> args;
    private List<String> env = List.of();
    private String workingDir = "";
    private Optional<String> user = Optional.empty();
    private List<String> groupAdd = List.of();
    private String hostname;
    private boolean terminal;
    private boolean openStdin;
    private List<Mount> extraMounts = List.of();
    private String cgroupsPath;
    private Optional<Path> netnsPath = Optional.empty();
    private List<String> capAdd = List.of();
    private List<String> capDrop = List.of();
    private boolean readonlyRootfs;
    private boolean privileged;
    private long shmSize = DEFAULT_SHM_SIZE;
    private int oomScoreAdj;
    private SecurityOptions security = SecurityOptions.DEFAULT;
    private java.util.Map<String, String> sysctls = java.util.Map.of();
    private Optional<Path> initBinary = Optional.empty();
    private io.berth.oci.runtime.Resources limits = io.berth.oci.runtime.Resources.devicesOnly(List.of());
    private List<io.berth.oci.runtime.Device> devices = List.of();
    private List<io.berth.oci.runtime.Rlimit> rlimits = List.of();
    private boolean cgroupNamespace = true;

    private Builder(String containerId, Path rootfs, List<String> args) {
      this.containerId = containerId;
      this.rootfs = rootfs;
      this.args = args;
      this.hostname = containerId.substring(0, Math.min(12, containerId.length()));
      this.cgroupsPath = "/berth/" + containerId;
    }

    public Builder env(List<String> v) { env = v; return this; }
    public Builder workingDir(String v) { workingDir = v; return this; }
    public Builder user(String v) { user = v.isEmpty() ? Optional.empty() : Optional.of(v); return this; }
    public Builder groupAdd(List<String> v) { groupAdd = v; return this; }
    public Builder hostname(String v) { hostname = v; return this; }
    public Builder terminal(boolean v) { terminal = v; return this; }
    public Builder openStdin(boolean v) { openStdin = v; return this; }
    public Builder extraMounts(List<Mount> v) { extraMounts = v; return this; }
    public Builder cgroupsPath(String v) { cgroupsPath = v; return this; }
    public Builder netnsPath(Path v) { netnsPath = Optional.of(v); return this; }
    public Builder capAdd(List<String> v) { capAdd = v; return this; }
    public Builder capDrop(List<String> v) { capDrop = v; return this; }
    public Builder readonlyRootfs(boolean v) { readonlyRootfs = v; return this; }
    public Builder privileged(boolean v) { privileged = v; return this; }
    public Builder shmSize(long v) { shmSize = v; return this; }
    public Builder oomScoreAdj(int v) { oomScoreAdj = v; return this; }
    public Builder security(SecurityOptions v) { security = v; return this; }
    public Builder sysctls(java.util.Map<String, String> v) { sysctls = v; return this; }
    public Builder initBinary(Path v) { initBinary = Optional.of(v); return this; }
    public Builder limits(io.berth.oci.runtime.Resources v) { limits = v; return this; }
    public Builder devices(List<io.berth.oci.runtime.Device> v) { devices = v; return this; }
    public Builder rlimits(List<io.berth.oci.runtime.Rlimit> v) { rlimits = v; return this; }
    public Builder cgroupNamespace(boolean v) { cgroupNamespace = v; return this; }

    public SpecInput build() {
      return new SpecInput(containerId, args, env, workingDir, user, groupAdd, hostname, rootfs, terminal, openStdin,
          extraMounts, cgroupsPath, netnsPath, capAdd, capDrop, readonlyRootfs, privileged, shmSize, oomScoreAdj,
          security, sysctls, initBinary, limits, devices, rlimits, cgroupNamespace);
    }
  }
}
