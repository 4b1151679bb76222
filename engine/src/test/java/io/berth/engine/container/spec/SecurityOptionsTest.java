package io.berth.engine.container.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.container.spec.SecurityOptions.Seccomp;
import io.berth.oci.errors.BerthException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurityOptionsTest {
  @Test
  void no_new_privileges_takes_dockers_forms() {
    assertThat(SecurityOptions.parse(List.of("no-new-privileges")).noNewPrivileges()).isTrue();
    assertThat(SecurityOptions.parse(List.of("no-new-privileges:true")).noNewPrivileges()).isTrue();
    assertThat(SecurityOptions.parse(List.of("no-new-privileges=1")).noNewPrivileges()).isTrue();
    assertThat(SecurityOptions.parse(List.of("no-new-privileges=false")).noNewPrivileges()).isFalse();
    assertThat(SecurityOptions.parse(List.of("no-new-privileges", "no-new-privileges=False")).noNewPrivileges())
        .isFalse();
    assertThat(SecurityOptions.parse(List.of()).noNewPrivileges()).isFalse();
  }

  @Test
  void seccomp_names_and_profiles() {
    assertThat(SecurityOptions.parse(List.of("seccomp=unconfined")).seccomp()).isEqualTo(new Seccomp.Unconfined());
    assertThat(SecurityOptions.parse(List.of("seccomp:unconfined")).seccomp()).isEqualTo(new Seccomp.Unconfined());
    assertThat(SecurityOptions.parse(List.of("seccomp=builtin")).seccomp()).isEqualTo(new Seccomp.Default());
    assertThat(SecurityOptions.parse(List.of("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}")).seccomp())
        .isEqualTo(new Seccomp.Profile("{\"defaultAction\":\"SCMP_ACT_ALLOW\"}"));
    assertThat(SecurityOptions.parse(List.of("label=disable", "apparmor=unconfined", "disable")))
        .isEqualTo(SecurityOptions.DEFAULT);
  }

  @Test
  void unknown_options_fail_with_dockers_texts() {
    assertThatThrownBy(() -> SecurityOptions.parse(List.of("foo"))).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("invalid --security-opt 1: \"foo\"");
    assertThatThrownBy(() -> SecurityOptions.parse(List.of("foo=bar"))).hasMessage("invalid --security-opt 2: \"foo=bar\"");
    assertThatThrownBy(() -> SecurityOptions.parse(List.of("no-new-privileges:maybe")))
        .hasMessage("invalid --security-opt 2: \"no-new-privileges:maybe\"");
  }

  @Test
  void create_checks_capability_names() {
    assertThatThrownBy(() -> SecurityOptions.validateCreate(List.of("FOO"), List.of(), List.of(), Map.of()))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("invalid CapAdd: unknown capability: \"CAP_FOO\"");
    assertThatThrownBy(() -> SecurityOptions.validateCreate(List.of(), List.of("cap_nope"), List.of(), Map.of()))
        .hasMessage("invalid CapDrop: unknown capability: \"CAP_NOPE\"");
    SecurityOptions.validateCreate(List.of("ALL", "net_admin", "CAP_SYS_ADMIN"), List.of("all", "Chown"), List.of(),
        Map.of());
  }

  @Test
  void only_namespaced_sysctls_are_allowed() {
    for (String ok : List.of("net.ipv4.ip_forward", "net.core.somaxconn", "kernel.msgmax", "kernel.sem", "kernel.shmmax",
        "kernel.shm_rmid_forced", "fs.mqueue.msg_max")) {
      SecurityOptions.validateCreate(List.of(), List.of(), List.of(), Map.of(ok, "1"));
    }
    for (String bad : List.of("kernel.hostname", "vm.swappiness", "kernel.domainname", "fs.file-max", "netx.y", "kernel.shm")) {
      assertThatThrownBy(() -> SecurityOptions.validateCreate(List.of(), List.of(), List.of(), Map.of(bad, "1")))
          .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("sysctl '" + bad + "=1' is not allowed");
    }
  }
}
