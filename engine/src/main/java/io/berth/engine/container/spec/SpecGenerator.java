package io.berth.engine.container.spec;

import io.berth.engine.container.spec.UserResolver.ResolvedUser;
import io.berth.oci.runtime.Capabilities;
import io.berth.oci.runtime.Device;
import io.berth.oci.runtime.DeviceCgroup;
import io.berth.oci.runtime.Linux;
import io.berth.oci.runtime.Mount;
import io.berth.oci.runtime.Namespace;
import io.berth.oci.runtime.Process;
import io.berth.oci.runtime.Resources;
import io.berth.oci.runtime.Root;
import io.berth.oci.runtime.Seccomp;
import io.berth.oci.runtime.Spec;
import io.berth.oci.runtime.User;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds a container's OCI {@link Spec} with Docker's defaults (moby's oci defaults and
 * {@code daemon/oci_linux.go}; the result is what {@code docker run} hands to runc, minus Docker's
 * AppArmor profile, which this host family lacks).
 *
 * <p>Deviations from Docker, on purpose: no {@code rlimits} (the container inherits berthd's, since
 * runtimes cannot raise them above the host's hard limits without {@code CAP_SYS_RESOURCE}); the
 * capability sets are limited to the host's bounding set so that {@code --privileged} works on hosts
 * that lack some; no time namespace (runc 1.1 has none).
 *
 * <p>Thread-safe and stateless apart from the immutable {@link HostFacts}. Reads the container's
 * /etc/passwd and /etc/group. Errors: {@code BerthException.InvalidArgument} for unknown users,
 * groups or capabilities.
 */
public final class SpecGenerator {
  /** Where Docker puts its init in the container. */
  public static final String INIT_PATH = "/sbin/docker-init";

  private final HostFacts host;

  public SpecGenerator(HostFacts host) {
    this.host = host;
  }

  /** A generator for the machine we run on ({@link HostFacts#probe()}). */
  public static SpecGenerator forThisHost() {
    return new SpecGenerator(HostFacts.probe());
  }

  public Spec generate(SpecInput in) {
    ResolvedUser user = UserResolver.resolve(in.rootfs(), in.user().orElse(""), in.groupAdd());
    List<String> caps = LinuxCapabilities.compute(in.capAdd(), in.capDrop(), in.privileged(),
        host.capabilityBoundingSet());
    Process process = new Process(in.terminal(), Optional.empty(),
        new User(user.uid(), user.gid(), user.additionalGids()), args(in), environment(in, user),
        in.workingDir().isEmpty() ? "/" : in.workingDir(), Optional.of(Capabilities.of(caps)), in.rlimits(),
        in.security().noNewPrivileges(), Optional.of(in.oomScoreAdj()), Optional.empty(), Optional.empty());
    Optional<Seccomp> seccomp = seccomp(in, caps);
    List<String> masked = new ArrayList<>(LinuxDefaults.MASKED_PATHS);
    masked.addAll(host.extraMaskedPaths());
    Linux linux = new Linux(
        namespaces(in),
        in.privileged() ? host.hostDevices().get() : in.devices(),
        Optional.of(in.cgroupsPath()),
        Optional.of(resources(in)),
        Optional.empty(),
        seccomp,
        sysctls(in),
        in.privileged() ? List.of() : masked,
        in.privileged() ? List.of() : LinuxDefaults.READONLY_PATHS);

    return new Spec(Spec.VERSION, process, new Root(in.rootfs().toString(), in.readonlyRootfs()),
        in.hostname().isEmpty() ? Optional.empty() : Optional.of(in.hostname()), Optional.empty(), mounts(in),
        Optional.of(linux), Map.of());
  }

  /**
   * Docker's device rules (deny all, then the usual character devices; all devices when privileged)
   * followed by the container's own allow rules, and its limits.
   */
  private static Resources resources(SpecInput in) {
    List<DeviceCgroup> rules = new ArrayList<>();
    if (in.privileged()) {
      rules.add(DeviceCgroup.allowAll());
    } else {
      rules.addAll(LinuxDefaults.deviceRules());
      rules.addAll(in.limits().devices());
    }
    Resources l = in.limits();
    return new Resources(rules, l.memory(), l.cpu(), l.pids(), l.blockIO());
  }

  /** Docker's {@code --init}: the init runs the process ({@code docker-init -- args}). */
  private static List<String> args(SpecInput in) {
    if (in.initBinary().isEmpty()) return in.args();
    List<String> args = new ArrayList<>(List.of(INIT_PATH, "--"));
    args.addAll(in.args());
    return args;
  }

  /**
   * Docker's choice (moby's WithSeccomp): privileged and {@code seccomp=unconfined} containers run
   * unconfined; a profile given as JSON is used as is (resolved for this machine and the container's
   * capabilities); everyone else gets the default profile, widened by what their capabilities allow.
   */
  private static Optional<Seccomp> seccomp(SpecInput in, List<String> caps) {
    if (in.privileged()) return Optional.empty();
    return switch (in.security().seccomp()) {
      case SecurityOptions.Seccomp.Unconfined u -> Optional.empty();
      case SecurityOptions.Seccomp.Profile p ->
          DockerSeccompProfile.load(p.json(), new HashSet<>(caps), DockerSeccompProfile.Target.host());
      case SecurityOptions.Seccomp.Default d -> Optional.of(SeccompProfiles.defaultProfile(new HashSet<>(caps)));
    };
  }

  private static List<Namespace> namespaces(SpecInput in) {
    List<Namespace> ns = new ArrayList<>(List.of(
        Namespace.of(Namespace.PID),
        in.netnsPath().map(p -> Namespace.join(Namespace.NETWORK, p.toString()))
            .orElse(Namespace.of(Namespace.NETWORK)),
        Namespace.of(Namespace.IPC),
        Namespace.of(Namespace.UTS),
        Namespace.of(Namespace.MOUNT)));
    if (in.cgroupNamespace()) ns.add(Namespace.of(Namespace.CGROUP));
    return List.copyOf(ns);
  }

  /**
   * Docker's order: PATH, HOSTNAME, TERM (with a terminal), then the image's and user's entries
   * replacing same-named ones; HOME from the passwd entry unless set.
   */
  static List<String> environment(SpecInput in, ResolvedUser user) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "PATH=" + LinuxDefaults.PATH);
    env.put("HOSTNAME", "HOSTNAME=" + in.hostname());
    if (in.terminal()) env.put("TERM", "TERM=xterm");
    for (String entry : in.env()) {
      int eq = entry.indexOf('=');
      if (eq < 0) env.remove(entry);
      else env.put(entry.substring(0, eq), entry);
    }
    env.putIfAbsent("HOME", "HOME=" + user.home());
    return List.copyOf(env.values());
  }

  private List<Mount> mounts(SpecInput in) {
    Set<String> userDestinations = new HashSet<>();
    in.extraMounts().forEach(m -> userDestinations.add(m.destination()));
    boolean userDev = userDestinations.contains("/dev");
    List<Mount> result = new ArrayList<>();
    for (Mount m : LinuxDefaults.mounts(in.shmSize())) {
      if (userDestinations.contains(m.destination())) continue;
      if (userDev && m.destination().startsWith("/dev/")) continue;
      List<String> options = new ArrayList<>(m.options());
      if (in.privileged() && (m.destination().equals("/sys") || m.type().orElse("").equals("cgroup"))) {
        options.remove("ro"); // privileged containers may write to sysfs and their cgroups
      } else if (in.readonlyRootfs() && !isAlwaysWritable(m.destination()) && !options.contains("ro")) {
        options.add("ro");
      }
      result.add(m.withOptions(options));
    }
    // Parents before children (/data before /data/logs), otherwise the parent would hide the child.
    in.extraMounts().stream()
        .sorted(Comparator.comparingInt(m -> depth(m.destination())))
        .forEach(result::add);
    in.initBinary().ifPresent(init -> result.add(new Mount(INIT_PATH, "bind", init.toString(), List.of("bind", "ro"))));
    return List.copyOf(result);
  }

  private static boolean isAlwaysWritable(String destination) {
    return switch (destination) {
      case "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue" -> true;
      default -> false;
    };
  }

  private static int depth(String path) {
    return Path.of(path).normalize().getNameCount();
  }

  /**
   * Docker's default sysctls for a container with its own network namespace: unprivileged ICMP echo
   * (ping without CAP_NET_RAW) and binding ports below 1024 without CAP_NET_BIND_SERVICE. Only set
   * when the host kernel has them: runc fails on unknown sysctls. Then the user's {@code --sysctl}s.
   */
  private Map<String, String> sysctls(SpecInput in) {
    Map<String, String> sysctl = new TreeMap<>();
    if (in.hostNetwork()) {
      sysctl.putAll(in.sysctls()); // net.* of the host's namespace are not a container's to change
      return sysctl;
    }
    if (host.sysctlExists().test("net.ipv4.ping_group_range")) sysctl.put("net.ipv4.ping_group_range", "0 2147483647");
    if (host.sysctlExists().test("net.ipv4.ip_unprivileged_port_start")) {
      sysctl.put("net.ipv4.ip_unprivileged_port_start", "0");
    }
    sysctl.putAll(in.sysctls()); // the user's --sysctl wins, as in Docker
    return sysctl;
  }
}
