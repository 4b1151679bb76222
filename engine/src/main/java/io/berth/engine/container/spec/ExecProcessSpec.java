package io.berth.engine.container.spec;

import io.berth.engine.container.spec.UserResolver.ResolvedUser;
import io.berth.oci.runtime.Capabilities;
import io.berth.oci.runtime.Process;
import io.berth.oci.runtime.User;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The OCI {@code process} of an exec, built as Docker does it (moby {@code ContainerExecStart} and
 * {@code execSetPlatformOpt}): start from the container's own process (its capabilities, rlimits,
 * no-new-privileges, LSM labels, OOM score and, unless {@code -u} says otherwise, its resolved
 * user), then override the arguments, the environment, the working directory, the terminal and,
 * for {@code --privileged}, the capabilities.
 *
 * <p>The environment is Docker's {@code CreateDaemonEnvironment}: {@code PATH}, {@code HOSTNAME},
 * {@code TERM=xterm} with a terminal, then the container's configured variables, then the exec's
 * ({@code KEY=value} replaces, a bare {@code KEY} removes). {@code HOME} is left to the runtime, which
 * sets it from the exec user's passwd entry (so {@code -u nobody} does not get root's home).
 *
 * <p>Stateless. Errors: {@code BerthException.InvalidArgument} for an unknown {@code -u} user or group.
 */
public final class ExecProcessSpec {
  private ExecProcessSpec() {}

  /**
   * What the exec asked for.
   *
   * @param args        the command, non-empty
   * @param env         {@code -e} entries
   * @param user        {@code -u}; empty means the container's user
   * @param workingDir  {@code -w}; empty means the container's working directory
   * @param privileged  every capability of the host's bounding set
   * @param consoleSize rows and columns of the terminal at start
   */
  public record ExecInput(List<String> args, List<String> env, String user, String workingDir, boolean terminal,
      boolean privileged, Optional<Process.ConsoleSize> consoleSize) {
    public ExecInput {
      args = List.copyOf(args);
      env = List.copyOf(env);
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(workingDir, "workingDir");
      consoleSize = Objects.requireNonNullElse(consoleSize, Optional.empty());
    }
  }

  /**
   * What the exec inherits from its container.
   *
   * @param process      the {@code process} of the container's bundle config.json
   * @param rootfs       the container's mounted root filesystem (for /etc/passwd and /etc/group)
   * @param hostname     the container's configured hostname
   * @param env          the container's configured environment (image and user merged)
   * @param groupAdd     the container's {@code --group-add}, applied to a {@code -u} user too
   * @param hostBounding the capabilities the host can grant (the runtime cannot grant more)
   */
  public record ContainerInput(Process process, Path rootfs, String hostname, List<String> env,
      List<String> groupAdd, Set<String> hostBounding) {
    public ContainerInput {
      Objects.requireNonNull(process, "process");
      Objects.requireNonNull(rootfs, "rootfs");
      env = List.copyOf(env);
      groupAdd = List.copyOf(groupAdd);
      hostBounding = Set.copyOf(hostBounding);
    }
  }

  public static Process build(ContainerInput container, ExecInput exec) {
    Process base = container.process();
    User user = base.user();
    if (!exec.user().isEmpty()) {
      ResolvedUser u = UserResolver.resolve(container.rootfs(), exec.user(), container.groupAdd());
      user = new User(u.uid(), u.gid(), u.additionalGids());
    }
    Optional<Capabilities> caps = base.capabilities();
    if (exec.privileged()) {
      // Docker sets bounding, permitted and effective to every capability; we can only hand out what
      // the host's bounding set holds (see HOST-NOTES: CAP_SYS_RESOURCE may be missing).
      List<String> all = new ArrayList<>();
      for (String c : LinuxCapabilities.ALL) if (container.hostBounding().contains(c)) all.add(c);
      caps = Optional.of(new Capabilities(all, all, all, List.of(), List.of()));
    }
    String cwd = exec.workingDir().isEmpty() ? base.cwd() : exec.workingDir();
    return new Process(exec.terminal(), exec.terminal() ? exec.consoleSize() : Optional.empty(), user, exec.args(),
        environment(container, exec), cwd.isEmpty() ? "/" : cwd, caps, base.rlimits(), base.noNewPrivileges(),
        base.oomScoreAdj(), base.apparmorProfile(), base.selinuxLabel());
  }

  static List<String> environment(ContainerInput container, ExecInput exec) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "PATH=" + LinuxDefaults.PATH);
    env.put("HOSTNAME", "HOSTNAME=" + container.hostname());
    if (exec.terminal()) env.put("TERM", "TERM=xterm");
    apply(env, container.env());
    apply(env, exec.env());
    return List.copyOf(env.values());
  }

  /** Docker's ReplaceOrAppendEnvValues: KEY=value replaces or appends; a bare KEY removes. */
  private static void apply(Map<String, String> env, List<String> entries) {
    for (String e : entries) {
      int eq = e.indexOf('=');
      if (eq < 0) env.remove(e);
      else env.put(e.substring(0, eq), e);
    }
  }
}
