package io.berth.engine.container.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.runtime.Seccomp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A seccomp profile in Docker's format ({@code --security-opt seccomp=<JSON>}, the format of moby's
 * {@code profiles/seccomp/default.json}) turned into the OCI filter, with moby's rules
 * ({@code setupSeccomp}): no default action and no rules means no filter; {@code architectures} or
 * (exclusively) the {@code archMap} entry of this machine's architecture; each rule kept only when its
 * {@code includes} hold and its {@code excludes} do not (architecture, capabilities of the bounding set,
 * minimum kernel); the legacy single {@code name} accepted.
 *
 * <p>Stateless. Errors: {@link BerthException.InvalidArgument} with Docker's texts
 * ({@code Decoding seccomp profile failed: ...}).
 */
public final class DockerSeccompProfile {
  private DockerSeccompProfile() {}

  /** The machine a profile is resolved for: Go's arch name ({@code amd64}) and the kernel version. */
  public record Target(String goArch, String seccompArch, String kernel) {
    /** This JVM's machine. */
    public static Target host() {
      String arch = System.getProperty("os.arch", "");
      return switch (arch) {
        case "aarch64" -> new Target("arm64", "SCMP_ARCH_AARCH64", System.getProperty("os.version", "0"));
        case "s390x" -> new Target("s390x", "SCMP_ARCH_S390X", System.getProperty("os.version", "0"));
        default -> new Target("amd64", "SCMP_ARCH_X86_64", System.getProperty("os.version", "0"));
      };
    }
  }

  /**
   * The OCI filter for {@code json} and a container whose bounding set is {@code capabilities};
   * empty when the profile asks for none.
   */
  public static Optional<Seccomp> load(String json, Set<String> capabilities, Target target) {
    JsonNode p;
    try {
      p = Json.mapper().readTree(json);
    } catch (IOException e) {
      throw BerthException.invalid("Decoding seccomp profile failed: %s", firstLine(e.getMessage()));
    }
    if (p == null || !p.isObject()) throw BerthException.invalid("Decoding seccomp profile failed: not a JSON object");
    String defaultAction = p.path("defaultAction").asText("");
    JsonNode calls = p.path("syscalls");
    if (defaultAction.isEmpty() && (!calls.isArray() || calls.isEmpty())) return Optional.empty();
    List<String> architectures = strings(p.path("architectures"));
    JsonNode archMap = p.path("archMap");
    if (!architectures.isEmpty() && archMap.isArray() && !archMap.isEmpty()) {
      throw BerthException.invalid("both 'architectures' and 'archMap' are specified in the seccomp profile, "
          + "use either 'architectures' or 'archMap'");
    }
    architectures = new ArrayList<>(architectures);
    for (JsonNode a : archMap) {
      if (a.path("architecture").asText("").equals(target.seccompArch())) {
        architectures.add(target.seccompArch());
        architectures.addAll(strings(a.path("subArchitectures")));
        break;
      }
    }
    List<Seccomp.Syscall> rules = new ArrayList<>();
    for (JsonNode call : calls) {
      List<String> names = strings(call.path("names"));
      String name = call.path("name").asText("");
      if (!name.isEmpty()) {
        if (!names.isEmpty()) {
          throw BerthException.invalid("both 'name' and 'names' are specified in the seccomp profile, "
              + "use either 'name' or 'names'");
        }
        names = List.of(name);
      }
      if (names.isEmpty() || !applies(call, capabilities, target)) continue;
      List<Seccomp.Arg> args = new ArrayList<>();
      for (JsonNode a : call.path("args")) {
        args.add(new Seccomp.Arg(a.path("index").asInt(), a.path("value").asLong(), a.path("valueTwo").asLong(),
            a.path("op").asText()));
      }
      Optional<Integer> errno = call.hasNonNull("errnoRet") ? Optional.of(call.get("errnoRet").asInt()) : Optional.empty();
      rules.add(new Seccomp.Syscall(names, call.path("action").asText(), errno, args));
    }
    Optional<Integer> defaultErrno = p.hasNonNull("defaultErrnoRet")
        ? Optional.of(p.get("defaultErrnoRet").asInt()) : Optional.empty();
    return Optional.of(new Seccomp(defaultAction, defaultErrno, architectures, strings(p.path("flags")), rules));
  }

  /** moby's includes/excludes filter of one rule. */
  private static boolean applies(JsonNode call, Set<String> caps, Target target) {
    JsonNode ex = call.path("excludes");
    if (strings(ex.path("arches")).contains(target.goArch())) return false;
    for (String c : strings(ex.path("caps"))) if (caps.contains(c)) return false;
    if (ex.hasNonNull("minKernel") && kernelAtLeast(target.kernel(), ex.get("minKernel").asText())) return false;
    JsonNode in = call.path("includes");
    List<String> arches = strings(in.path("arches"));
    if (!arches.isEmpty() && !arches.contains(target.goArch())) return false;
    for (String c : strings(in.path("caps"))) if (!caps.contains(c)) return false;
    return !in.hasNonNull("minKernel") || kernelAtLeast(target.kernel(), in.get("minKernel").asText());
  }

  /** {@code running >= wanted}, comparing "major.minor" ("6.18.3-amd64" ≥ "5.8"). */
  static boolean kernelAtLeast(String running, String wanted) {
    int[] r = majorMinor(running);
    int[] w = majorMinor(wanted);
    return r[0] != w[0] ? r[0] > w[0] : r[1] >= w[1];
  }

  private static int[] majorMinor(String v) {
    String[] parts = v.split("[.\\-]");
    int[] out = new int[2];
    for (int i = 0; i < 2 && i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].replaceAll("\\D.*", ""));
      } catch (NumberFormatException e) {
        out[i] = 0;
      }
    }
    return out;
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n != null && n.isArray()) n.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static String firstLine(String s) {
    if (s == null) return "invalid JSON";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
