package io.berth.oci.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecJsonTest {

  static Spec fullSpec() {
    var caps = Capabilities.of(List.of("CAP_CHOWN", "CAP_KILL"));
    var process = new Process(true, Optional.of(new Process.ConsoleSize(24, 80)),
        new User(1000, 1000, Optional.of(18), List.of(1000L, 10L)), List.of("/bin/sh", "-c", "echo ok"),
        List.of("PATH=/usr/bin:/bin", "HOSTNAME=box"), "/work", Optional.of(caps),
        List.of(new Rlimit("RLIMIT_NOFILE", 1024, 1024)), false, Optional.of(0), Optional.empty(), Optional.empty());
    var seccomp = new Seccomp("SCMP_ACT_ERRNO", Optional.of(1), List.of("SCMP_ARCH_X86_64"), List.of(),
        List.of(Seccomp.Syscall.allow(List.of("read", "write")),
            Seccomp.Syscall.allow(List.of("clone"), new Seccomp.Arg(0, 2114060288L, 0, "SCMP_CMP_MASKED_EQ")),
            Seccomp.Syscall.errno(List.of("clone3"), 38)));
    var resources = new Resources(
        List.of(DeviceCgroup.denyAll(), DeviceCgroup.allow("c", Optional.of(1L), Optional.of(3L), "rwm"),
            DeviceCgroup.allow("c", Optional.of(136L), Optional.empty(), "rwm")),
        Optional.of(new Resources.Memory(Optional.of(67108864L), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty())),
        Optional.empty(), Optional.of(new Resources.Pids(100)), Optional.empty());
    var linux = new Linux(
        List.of(Namespace.of(Namespace.PID), Namespace.join(Namespace.NETWORK, "/run/berth/netns/abc")),
        List.of(new Device("/dev/fuse", "c", 10, 229, Optional.of(0666), Optional.of(0L), Optional.of(0L))),
        Optional.of("/berth/abc"), Optional.of(resources), Optional.of("private"), Optional.of(seccomp),
        Map.of("net.ipv4.ip_unprivileged_port_start", "0"), List.of("/proc/kcore"), List.of("/proc/sys"));
    return new Spec(Spec.VERSION, process, new Root("/var/lib/berth/rootfs", true), Optional.of("box"),
        Optional.empty(),
        List.of(new Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
            Mount.bind("/var/lib/berth/containers/abc/hostname", "/etc/hostname", false)),
        Optional.of(linux), Map.of("io.berth.name", "box"));
  }

  static String resource(String name) throws IOException {
    try (InputStream in = SpecJsonTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void full_spec_serializes_to_the_golden_document() throws IOException {
    JsonNode actual = Json.mapper().readTree(Json.bytes(fullSpec()));
    JsonNode golden = Json.mapper().readTree(resource("full-spec.json"));
    assertThat(actual).isEqualTo(golden);
  }

  @Test
  void full_spec_is_valid_against_the_runtime_spec_schema() throws IOException {
    JsonNode actual = Json.mapper().readTree(Json.bytes(fullSpec()));
    assertThat(new SchemaCheck().validate(actual)).isEmpty();
  }

  @Test
  void schema_check_catches_misspelt_and_missing_properties() throws IOException {
    JsonNode bad = Json.mapper().readTree("{\"ociVersion\":\"1.0.2\",\"process\":{\"cwd\":\"/\",\"usr\":{}}}");
    assertThat(new SchemaCheck().validate(bad)).anyMatch(e -> e.contains("unknown property usr"));
  }

  @Test
  void round_trip_preserves_every_field() {
    Spec spec = fullSpec();
    assertThat(Json.read(Json.bytes(spec), Spec.class)).isEqualTo(spec);
  }

  @Test
  void absent_optionals_and_empty_lists_are_not_written() {
    var process = new Process(false, User.root(), List.of("true"), List.of(), "/", Optional.empty(), false,
        Optional.empty());
    Spec spec = new Spec(Spec.VERSION, process, new Root("rootfs", false), Optional.empty(), Optional.empty(),
        List.of(), Optional.empty(), Map.of());
    assertThat(Json.string(spec)).isEqualTo(
        "{\"ociVersion\":\"1.0.2\",\"process\":{\"terminal\":false,\"user\":{\"uid\":0,\"gid\":0},"
            + "\"args\":[\"true\"],\"cwd\":\"/\",\"noNewPrivileges\":false},"
            + "\"root\":{\"path\":\"rootfs\",\"readonly\":false}}");
  }

  @Test
  void missing_optional_properties_read_as_empty() {
    Spec spec = Json.read(("{\"ociVersion\":\"1.0.2\",\"process\":{\"user\":{\"uid\":0,\"gid\":0},\"cwd\":\"/\"},"
        + "\"root\":{\"path\":\"rootfs\"},\"hostname\":null}").getBytes(StandardCharsets.UTF_8), Spec.class);
    assertThat(spec.hostname()).isEmpty();
    assertThat(spec.linux()).isEmpty();
    assertThat(spec.process().capabilities()).isEmpty();
    assertThat(spec.process().user().umask()).isEmpty();
    assertThat(spec.mounts()).isEmpty();
  }

  @Test
  void masked_eq_argument_writes_value_two_even_when_zero() {
    assertThat(Json.string(new Seccomp.Arg(0, 2114060288L, 0, "SCMP_CMP_MASKED_EQ")))
        .isEqualTo("{\"index\":0,\"value\":2114060288,\"valueTwo\":0,\"op\":\"SCMP_CMP_MASKED_EQ\"}");
  }

  @Test
  void invalid_values_are_rejected() {
    assertThatThrownBy(() -> Namespace.of("bogus")).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("invalid namespace type: bogus");
    assertThatThrownBy(() -> new Mount("relative", "bind", "/x", List.of()))
        .isInstanceOf(BerthException.InvalidArgument.class);
    assertThatThrownBy(() -> new Rlimit("RLIMIT_NOFILE", 10, 20)).isInstanceOf(BerthException.InvalidArgument.class);
    assertThatThrownBy(() -> Json.read("{\"ociVersion\":\"1.0.2\"}".getBytes(StandardCharsets.UTF_8), Spec.class))
        .isInstanceOf(BerthException.InvalidArgument.class);
  }
}
