package io.berth.engine.container.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.container.spec.DockerSeccompProfile.Target;
import io.berth.oci.errors.BerthException;
import io.berth.oci.runtime.Seccomp;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DockerSeccompProfileTest {
  static final Target AMD64 = new Target("amd64", "SCMP_ARCH_X86_64", "6.18.3-amd64");

  @Test
  void rules_are_kept_by_their_includes_and_excludes() {
    String json = """
        {"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":1,
         "archMap":[{"architecture":"SCMP_ARCH_AARCH64","subArchitectures":["SCMP_ARCH_ARM"]},
                    {"architecture":"SCMP_ARCH_X86_64","subArchitectures":["SCMP_ARCH_X86","SCMP_ARCH_X32"]}],
         "syscalls":[
           {"names":["read","write"],"action":"SCMP_ACT_ALLOW"},
           {"name":"chmod","action":"SCMP_ACT_ERRNO","errnoRet":13},
           {"names":["mount"],"action":"SCMP_ACT_ALLOW","includes":{"caps":["CAP_SYS_ADMIN"]}},
           {"names":["arm_only"],"action":"SCMP_ACT_ALLOW","includes":{"arches":["arm64"]}},
           {"names":["not_amd"],"action":"SCMP_ACT_ALLOW","excludes":{"arches":["amd64"]}},
           {"names":["new_kernel"],"action":"SCMP_ACT_ALLOW","includes":{"minKernel":"5.8"}},
           {"names":["old_kernel"],"action":"SCMP_ACT_ALLOW","includes":{"minKernel":"7.1"}},
           {"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":8,"valueTwo":0,"op":"SCMP_CMP_EQ"}]}
         ]}""";
    Seccomp s = DockerSeccompProfile.load(json, Set.of("CAP_CHOWN"), AMD64).orElseThrow();
    assertThat(s.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
    assertThat(s.defaultErrnoRet()).contains(1);
    assertThat(s.architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
    assertThat(s.syscalls()).extracting(r -> r.names().getFirst())
        .containsExactly("read", "chmod", "new_kernel", "personality");
    assertThat(s.syscalls().get(1).errnoRet()).contains(13);
    assertThat(s.syscalls().get(3).args()).containsExactly(new Seccomp.Arg(0, 8, 0, "SCMP_CMP_EQ"));
    Seccomp admin = DockerSeccompProfile.load(json, Set.of("CAP_SYS_ADMIN"), AMD64).orElseThrow();
    assertThat(admin.syscalls()).extracting(r -> r.names().getFirst()).contains("mount");
  }

  @Test
  void an_empty_profile_means_no_filter() {
    assertThat(DockerSeccompProfile.load("{}", Set.of(), AMD64)).isEqualTo(Optional.empty());
  }

  @Test
  void bad_profiles_fail_with_dockers_texts() {
    assertThatThrownBy(() -> DockerSeccompProfile.load("/etc/profile.json", Set.of(), AMD64))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessageStartingWith("Decoding seccomp profile failed: ");
    assertThatThrownBy(() -> DockerSeccompProfile.load(
        "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"A\"],\"archMap\":[{\"architecture\":\"A\"}]}",
        Set.of(), AMD64))
        .hasMessage("both 'architectures' and 'archMap' are specified in the seccomp profile, use either "
            + "'architectures' or 'archMap'");
    assertThatThrownBy(() -> DockerSeccompProfile.load(
        "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"name\":\"a\",\"names\":[\"a\"],\"action\":\"SCMP_ACT_ALLOW\"}]}",
        Set.of(), AMD64))
        .hasMessage("both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'");
  }

  @Test
  void kernel_versions_compare_by_major_and_minor() {
    assertThat(DockerSeccompProfile.kernelAtLeast("6.18.3-amd64", "5.8")).isTrue();
    assertThat(DockerSeccompProfile.kernelAtLeast("5.4.0", "5.8")).isFalse();
    assertThat(DockerSeccompProfile.kernelAtLeast("5.10", "5.10")).isTrue();
  }
}
