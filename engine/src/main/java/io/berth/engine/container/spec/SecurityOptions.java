package io.berth.engine.container.spec;

import io.berth.oci.errors.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's {@code --security-opt} values (moby's {@code parseSecurityOpt}) and the create-time checks of
 * the other security options: {@code no-new-privileges[=|:bool]}, {@code seccomp=unconfined},
 * {@code seccomp=builtin}, {@code seccomp=<profile JSON>} (the CLI reads the file and sends its content),
 * {@code label=...} and {@code apparmor=...} (accepted and ignored: this host family has neither
 * SELinux nor AppArmor, and Docker ignores them there too).
 *
 * @param noNewPrivileges the process may not gain privileges (setuid bits, file capabilities)
 * @param seccomp         which seccomp filter the container gets
 */
public record SecurityOptions(boolean noNewPrivileges, Seccomp seccomp) {

  /** The seccomp choice of a container. */
  public sealed interface Seccomp {
    /** Berth's default profile (Docker's), widened by the container's capabilities. */
    record Default() implements Seccomp {}

    /** No filter at all. */
    record Unconfined() implements Seccomp {}

    /** A Docker-format profile (see {@link DockerSeccompProfile}). */
    record Profile(String json) implements Seccomp {}
  }

  public static final SecurityOptions DEFAULT = new SecurityOptions(false, new Seccomp.Default());

  // Docker's allow-list (the docker CLI's opts.ValidateSysctl): the sysctls of the IPC and network
  // namespaces a container owns.
  private static final Set<String> IPC_SYSCTLS = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
      "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

  /**
   * Parses {@code --security-opt} values.
   *
   * @throws BerthException.InvalidArgument with Docker's {@code invalid --security-opt 1: "x"} (no value)
   *     or {@code invalid --security-opt 2: "x=y"} (unknown key or bad boolean)
   */
  public static SecurityOptions parse(List<String> opts) {
    boolean noNewPrivileges = false;
    Seccomp seccomp = new Seccomp.Default();
    for (String opt : opts) {
      if (opt.equals("no-new-privileges")) {
        noNewPrivileges = true;
        continue;
      }
      if (opt.equals("disable")) continue; // label=disable's short form
      int sep = opt.indexOf('=');
      if (sep < 0) sep = opt.indexOf(':'); // the deprecated "key:value" form
      if (sep < 0) throw BerthException.invalid("invalid --security-opt 1: %s", quote(opt));
      String key = opt.substring(0, sep);
      String value = opt.substring(sep + 1);
      switch (key) {
        case "label", "apparmor" -> { }
        case "seccomp" -> seccomp = switch (value) {
          case "unconfined" -> new Seccomp.Unconfined();
          case "", "builtin" -> new Seccomp.Default();
          default -> new Seccomp.Profile(value);
        };
        case "no-new-privileges" -> noNewPrivileges = parseBool(value, opt);
        default -> throw BerthException.invalid("invalid --security-opt 2: %s", quote(opt));
      }
    }
    return new SecurityOptions(noNewPrivileges, seccomp);
  }

  /**
   * What Docker checks when a container is created: capability names ({@code invalid CapAdd: unknown
   * capability: "CAP_FOO"}), security options, and that each sysctl belongs to a namespace the
   * container owns ({@code sysctl 'kernel.hostname=x' is not allowed}, the docker CLI's text).
   *
   * @throws BerthException.InvalidArgument with Docker's message
   */
  public static void validateCreate(List<String> capAdd, List<String> capDrop, List<String> securityOpt,
      Map<String, String> sysctls) {
    checkCapabilities("CapAdd", capAdd);
    checkCapabilities("CapDrop", capDrop);
    parse(securityOpt);
    sysctls.forEach(SecurityOptions::checkSysctl);
  }

  private static void checkCapabilities(String field, List<String> caps) {
    for (String c : caps) {
      try {
        LinuxCapabilities.normalize(c);
      } catch (BerthException.InvalidArgument e) {
        throw BerthException.invalid("invalid %s: %s", field, e.getMessage());
      }
    }
  }

  /** Docker's allow-list: kernel.msg*, kernel.sem, kernel.shm*, fs.mqueue.*, net.*. */
  static void checkSysctl(String name, String value) {
    boolean allowed = IPC_SYSCTLS.contains(name) || name.startsWith("fs.mqueue.") || name.startsWith("net.");
    if (!allowed) throw BerthException.invalid("sysctl '%s=%s' is not allowed", name, value);
  }

  /** Go's strconv.ParseBool. */
  private static boolean parseBool(String v, String opt) {
    return switch (v) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw BerthException.invalid("invalid --security-opt 2: %s", quote(opt));
    };
  }

  /** Go's %q for the printable strings options are. */
  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
