package io.berth.engine.container.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.oci.runtime.Seccomp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeccompProfilesTest {
  static final Set<String> DEFAULT_CAPS = Set.copyOf(LinuxCapabilities.DEFAULT);

  static Set<String> unconditionallyAllowed(Seccomp s) {
    Set<String> names = new HashSet<>();
    s.syscalls().stream().filter(r -> r.action().equals("SCMP_ACT_ALLOW") && r.args().isEmpty())
        .forEach(r -> names.addAll(r.names()));
    return names;
  }

  @Test
  void default_profile_is_an_eperm_allow_list_for_x86_64() {
    Seccomp s = SeccompProfiles.defaultProfile(DEFAULT_CAPS);
    assertThat(s.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
    assertThat(s.defaultErrnoRet()).contains(1);
    assertThat(s.architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
  }

  @Test
  void dangerous_syscalls_are_blocked_by_default() {
    Set<String> allowed = unconditionallyAllowed(SeccompProfiles.defaultProfile(DEFAULT_CAPS));
    assertThat(allowed).doesNotContainAnyElementsOf(List.of("mount", "umount2", "unshare", "setns", "keyctl",
        "add_key", "request_key", "bpf", "kexec_load", "kexec_file_load", "init_module", "finit_module", "reboot",
        "swapon", "swapoff", "perf_event_open", "clone", "clone3", "open_by_handle_at", "settimeofday", "iopl",
        "userfaultfd", "io_uring_setup", "pivot_root", "acct", "syslog", "sethostname"));
    assertThat(allowed).contains("read", "write", "openat", "execve", "fork", "wait4", "mmap", "futex", "socketpair",
        "chroot", "ptrace", "arch_prctl", "getdents64", "statx", "epoll_pwait", "rt_sigaction", "setuid", "capset");
  }

  @Test
  void plain_clone_is_allowed_but_namespace_flags_and_clone3_are_not() {
    Seccomp s = SeccompProfiles.defaultProfile(DEFAULT_CAPS);
    var clone = s.syscalls().stream().filter(r -> r.names().equals(List.of("clone"))).findFirst().orElseThrow();
    assertThat(clone.args()).singleElement().satisfies(a -> {
      assertThat(a.op()).isEqualTo("SCMP_CMP_MASKED_EQ");
      assertThat(a.value()).isEqualTo(0x7E020000L);
      assertThat(a.valueTwo()).isZero();
    });
    var clone3 = s.syscalls().stream().filter(r -> r.names().equals(List.of("clone3"))).findFirst().orElseThrow();
    assertThat(clone3.action()).isEqualTo("SCMP_ACT_ERRNO");
    assertThat(clone3.errnoRet()).contains(38);
  }

  @Test
  void socket_families_alg_and_vsock_are_excluded() {
    Seccomp s = SeccompProfiles.defaultProfile(DEFAULT_CAPS);
    assertThat(s.syscalls()).filteredOn(r -> r.names().equals(List.of("socket")))
        .extracting(r -> r.args().getFirst().op() + " " + r.args().getFirst().value())
        .containsExactly("SCMP_CMP_LT 38", "SCMP_CMP_EQ 39", "SCMP_CMP_GT 40");
  }

  @Test
  void capabilities_unlock_their_syscalls() {
    Set<String> caps = new HashSet<>(DEFAULT_CAPS);
    caps.addAll(List.of("CAP_SYS_ADMIN", "CAP_SYS_PTRACE", "CAP_SYS_MODULE", "CAP_SYS_BOOT", "CAP_SYS_TIME"));
    Seccomp s = SeccompProfiles.defaultProfile(caps);
    assertThat(unconditionallyAllowed(s)).contains("mount", "umount2", "unshare", "setns", "clone", "clone3",
        "kcmp", "process_vm_readv", "init_module", "delete_module", "reboot", "settimeofday", "clock_settime");
    assertThat(s.syscalls()).noneMatch(r -> r.names().equals(List.of("clone3")) && r.action().equals("SCMP_ACT_ERRNO"));
    assertThat(unconditionallyAllowed(s)).doesNotContain("keyctl", "add_key", "kexec_load", "swapon", "iopl");
  }

  @Test
  void without_chroot_capability_chroot_is_blocked() {
    Set<String> caps = new HashSet<>(DEFAULT_CAPS);
    caps.remove("CAP_SYS_CHROOT");
    assertThat(unconditionallyAllowed(SeccompProfiles.defaultProfile(caps))).doesNotContain("chroot");
  }
}
