package io.berth.engine.container.spec;

import io.berth.oci.errors.BerthException;
import io.berth.oci.runtime.Seccomp;
import io.berth.oci.runtime.Seccomp.Arg;
import io.berth.oci.runtime.Seccomp.Syscall;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Berth's default seccomp profile: an allow-list with the same effect as Docker's default profile on
 * x86_64. Unlisted syscalls fail with EPERM; the lists live in {@code seccomp-default.txt} next to this
 * class; rules that look at arguments are built here.
 *
 * <p>Thread-safe; the resource is parsed once.
 */
public final class SeccompProfiles {
  private SeccompProfiles() {}

  static final int EPERM = 1;
  static final int ENOSYS = 38;

  /** Architectures of an x86_64 host: its own ABI plus the 32-bit and x32 ABIs it can execute. */
  public static final List<String> X86_64_ARCHITECTURES = List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");

  // CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET
  static final long CLONE_NAMESPACE_FLAGS = 0x00020000L | 0x02000000L | 0x04000000L | 0x08000000L | 0x10000000L
      | 0x20000000L | 0x40000000L;
  private static final long AF_ALG = 38;
  private static final long AF_VSOCK = 40;
  // PER_LINUX, UNAME26, ADDR_NO_RANDOMIZE, UNAME26|ADDR_NO_RANDOMIZE, and 0xffffffff (query only).
  private static final List<Long> PERSONALITIES = List.of(0x0L, 0x0008L, 0x20000L, 0x20008L, 0xffffffffL);

  private record Lists(List<String> always, Map<String, List<String>> byCapability) {}

  private static final Lists LISTS = load();

  /**
   * The default profile for a container whose effective capabilities are {@code effectiveCapabilities}
   * ({@code CAP_*} names): capabilities unlock the syscalls that need them, e.g. {@code CAP_SYS_ADMIN}
   * allows mount, unshare, setns and clone with namespace flags.
   */
  public static Seccomp defaultProfile(Set<String> effectiveCapabilities) {
    Set<String> allowed = new LinkedHashSet<>(LISTS.always());
    LISTS.byCapability().forEach((cap, names) -> {
      if (effectiveCapabilities.contains(cap)) allowed.addAll(names);
    });
    List<Syscall> rules = new ArrayList<>();
    rules.add(Syscall.allow(List.copyOf(allowed)));
    // Sockets of every family but AF_ALG (kernel crypto API, a frequent source of kernel bugs) and
    // AF_VSOCK (talks to the hypervisor).
    rules.add(Syscall.allow(List.of("socket"), new Arg(0, AF_ALG, 0, "SCMP_CMP_LT")));
    rules.add(Syscall.allow(List.of("socket"), new Arg(0, AF_ALG + 1, 0, "SCMP_CMP_EQ")));
    rules.add(Syscall.allow(List.of("socket"), new Arg(0, AF_VSOCK, 0, "SCMP_CMP_GT")));
    for (long persona : PERSONALITIES) {
      rules.add(Syscall.allow(List.of("personality"), new Arg(0, persona, 0, "SCMP_CMP_EQ")));
    }
    if (!effectiveCapabilities.contains("CAP_SYS_ADMIN")) {
      // fork/pthread_create are clone without namespace flags: allowed; new namespaces are not.
      rules.add(Syscall.allow(List.of("clone"), new Arg(0, CLONE_NAMESPACE_FLAGS, 0, "SCMP_CMP_MASKED_EQ")));
      // clone3 passes its flags in a struct seccomp cannot look into; ENOSYS makes glibc fall back
      // to clone, which the rule above can check.
      rules.add(Syscall.errno(List.of("clone3"), ENOSYS));
    }
    return new Seccomp("SCMP_ACT_ERRNO", Optional.of(EPERM), X86_64_ARCHITECTURES, List.of(), rules);
  }

  private static Lists load() {
    String text;
    try (InputStream in = SeccompProfiles.class.getResourceAsStream("seccomp-default.txt")) {
      if (in == null) throw BerthException.internal("seccomp-default.txt is missing from the classpath", null);
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw BerthException.internal("cannot read seccomp-default.txt", e);
    }
    List<String> always = new ArrayList<>();
    Map<String, List<String>> byCap = new LinkedHashMap<>();
    List<String> current = null;
    for (String raw : text.lines().toList()) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      if (line.startsWith("[")) {
        String[] header = line.substring(1, line.length() - 1).split(" ");
        current = switch (header[0]) {
          case "always" -> always;
          case "cap" -> byCap.computeIfAbsent(header[1], k -> new ArrayList<>());
          default -> throw BerthException.internal("bad section in seccomp-default.txt: " + line, null);
        };
        continue;
      }
      if (current == null) throw BerthException.internal("syscalls before a section in seccomp-default.txt", null);
      current.addAll(List.of(line.split("\\s+")));
    }
    byCap.replaceAll((k, v) -> List.copyOf(v));
    return new Lists(List.copyOf(always), Collections.unmodifiableMap(byCap));
  }
}
