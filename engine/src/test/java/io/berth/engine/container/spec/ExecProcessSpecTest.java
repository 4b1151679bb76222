package io.berth.engine.container.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.runtime.Capabilities;
import io.berth.oci.runtime.Process;
import io.berth.oci.runtime.Rlimit;
import io.berth.oci.runtime.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecProcessSpecTest {
  @TempDir Path dir;
  Path rootfs;

  /** The container's process as the bundle has it: user app with group-add, Docker's caps, an rlimit. */
  static final Process CONTAINER = new Process(false, Optional.empty(), new User(1000, 1000, List.of(1000L, 29L)),
      List.of("sleep", "1000"), List.of("PATH=/bin", "HOSTNAME=c1", "HOME=/home/app"), "/srv",
      Optional.of(Capabilities.of(List.of("CAP_CHOWN", "CAP_KILL"))), List.of(new Rlimit("RLIMIT_NOFILE", 1024, 1024)),
      true, Optional.of(0), Optional.of("docker-default"), Optional.empty());

  ExecProcessSpec.ContainerInput container;

  @BeforeEach
  void setUp() throws IOException {
    rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"), """
        root:x:0:0:root:/root:/bin/sh
        nobody:x:65534:65534:nobody:/nonexistent:/bin/false
        app:x:1000:1000:App:/home/app:/bin/sh
        """);
    Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\naudio:x:29:\nnogroup:x:65534:\n");
    container = new ExecProcessSpec.ContainerInput(CONTAINER, rootfs, "c1",
        List.of("PATH=/usr/bin:/bin", "FOO=container", "GONE=x"), List.of("audio"),
        Set.of("CAP_CHOWN", "CAP_KILL", "CAP_SYS_ADMIN", "CAP_NET_ADMIN"));
  }

  static ExecProcessSpec.ExecInput exec(List<String> args) {
    return new ExecProcessSpec.ExecInput(args, List.of(), "", "", false, false, Optional.empty());
  }

  @Test
  void exec_keeps_the_containers_user_caps_rlimits_and_security_settings() {
    Process p = ExecProcessSpec.build(container, exec(List.of("id")));
    assertThat(p.args()).containsExactly("id");
    assertThat(p.user()).isEqualTo(CONTAINER.user());
    assertThat(p.capabilities()).isEqualTo(CONTAINER.capabilities());
    assertThat(p.rlimits()).isEqualTo(CONTAINER.rlimits());
    assertThat(p.noNewPrivileges()).isTrue();
    assertThat(p.apparmorProfile()).hasValue("docker-default");
    assertThat(p.oomScoreAdj()).hasValue(0);
    assertThat(p.cwd()).isEqualTo("/srv");
    assertThat(p.terminal()).isFalse();
    assertThat(p.consoleSize()).isEmpty();
  }

  @Test
  void environment_is_dockers_daemon_environment_without_home() {
    var in = new ExecProcessSpec.ExecInput(List.of("env"), List.of("FOO=exec", "NEW=1", "GONE"), "", "", true, false,
        Optional.empty());
    Process p = ExecProcessSpec.build(container, in);
    // PATH keeps its place but takes the container's value; HOME is the runtime's to set (per user)
    assertThat(p.env()).containsExactly("PATH=/usr/bin:/bin", "HOSTNAME=c1", "TERM=xterm", "FOO=exec", "NEW=1");
  }

  @Test
  void user_flag_is_resolved_in_the_containers_passwd_with_its_group_add() {
    var in = new ExecProcessSpec.ExecInput(List.of("id"), List.of(), "nobody", "/tmp", false, false, Optional.empty());
    Process p = ExecProcessSpec.build(container, in);
    assertThat(p.user()).isEqualTo(new User(65534, 65534, List.of(65534L, 29L)));
    assertThat(p.cwd()).isEqualTo("/tmp");
    var numeric = new ExecProcessSpec.ExecInput(List.of("id"), List.of(), "4242:4343", "", false, false, Optional.empty());
    assertThat(ExecProcessSpec.build(container, numeric).user()).isEqualTo(new User(4242, 4343, List.of(4343L, 29L)));
  }

  @Test
  void unknown_user_is_dockers_error() {
    var in = new ExecProcessSpec.ExecInput(List.of("id"), List.of(), "ghost", "", false, false, Optional.empty());
    assertThatThrownBy(() -> ExecProcessSpec.build(container, in))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("unable to find user ghost: no matching entries in passwd file");
  }

  @Test
  void privileged_gets_every_capability_the_host_can_grant() {
    var in = new ExecProcessSpec.ExecInput(List.of("sh"), List.of(), "", "", false, true, Optional.empty());
    Capabilities caps = ExecProcessSpec.build(container, in).capabilities().orElseThrow();
    // kernel order, limited to the host's bounding set; nothing inheritable or ambient (Docker's shape)
    List<String> expected = List.of("CAP_CHOWN", "CAP_KILL", "CAP_NET_ADMIN", "CAP_SYS_ADMIN");
    assertThat(caps.bounding()).isEqualTo(expected);
    assertThat(caps.effective()).isEqualTo(expected);
    assertThat(caps.permitted()).isEqualTo(expected);
    assertThat(caps.inheritable()).isEmpty();
    assertThat(caps.ambient()).isEmpty();
  }

  @Test
  void terminal_carries_the_console_size_and_json_has_the_runtime_spec_names() {
    var in = new ExecProcessSpec.ExecInput(List.of("sh"), List.of(), "", "", true, false,
        Optional.of(new Process.ConsoleSize(30, 100)));
    Process p = ExecProcessSpec.build(container, in);
    assertThat(p.terminal()).isTrue();
    String json = Json.string(p);
    assertThat(json).contains("\"terminal\":true", "\"consoleSize\":{\"height\":30,\"width\":100}",
        "\"args\":[\"sh\"]", "\"cwd\":\"/srv\"", "\"noNewPrivileges\":true", "\"apparmorProfile\":\"docker-default\"");
    assertThat(Json.read(json.getBytes(), Process.class)).isEqualTo(p);
  }

  @Test
  void empty_working_dir_everywhere_is_root() {
    Process base = new Process(false, User.root(), List.of("x"), List.of(), "/", Optional.empty(), false, Optional.empty());
    var c = new ExecProcessSpec.ContainerInput(base, rootfs, "h", List.of(), List.of(), Set.of());
    assertThat(ExecProcessSpec.build(c, exec(List.of("pwd"))).cwd()).isEqualTo("/");
  }
}
