package io.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.cli.Cli;
import io.berth.cli.InvalidFlagValue;
import io.berth.cli.Main;
import io.berth.client.json.JsonWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code -v}, {@code --mount}, {@code --tmpfs}, {@code --volumes-from}, {@code --read-only} → the
 * create body. The expected fragments are what the docker CLI 28.2.2 sent for the same command
 * lines (recorded on a unix socket that logged the request); its refusals are its messages.
 */
class MountRequestGoldenTest {
  private static String json(String... args) {
    var cmd = new CreateCommand();
    new CommandLine(cmd).setStopAtPositional(true).parseArgs(args);
    // what the CLI sends: the models' own wire form (the CLI never loads Jackson)
    return new String(JsonWriter.bytes(cmd.request(Map.of()).toJson()), StandardCharsets.UTF_8);
  }

  @Test
  void volume_specs_split_into_binds_and_anonymous_volumes() {
    String cwd = Path.of("").toAbsolutePath().toString();
    String j = json("-v", "myvol:/data", "-v", "/host:/h:ro", "-v", "/anon", "-v", "./rel:/r", "busybox");
    assertThat(j).contains("\"Volumes\":{\"/anon\":{}}")
        .contains("\"Binds\":[\"myvol:/data\",\"/host:/h:ro\",\"" + cwd + "/rel:/r\"]");
    assertThat(json("-v", "myvol:/data:nocopy", "-v", "/h:/h:z,ro", "-v", "/h2:/h2:rshared", "busybox"))
        .contains("\"Binds\":[\"myvol:/data:nocopy\",\"/h:/h:z,ro\",\"/h2:/h2:rshared\"]").contains("\"Volumes\":{}");
    // a one-letter field before a colon is a Windows drive to compose's parser: "a:b" is one anonymous path
    assertThat(json("-v", "a:b", "-v", "rel", "busybox")).contains("\"Volumes\":{\"a:b\":{},\"rel\":{}}").contains("\"Binds\":[]");
  }

  @Test
  void bad_volume_specs_are_refused_before_anything_is_sent() {
    assertThatThrownBy(() -> json("-v", "/a:/b:/c:/d", "busybox")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid spec: /a:/b:/c:/d: too many colons");
    assertThatThrownBy(() -> json("-v", "", "busybox")).hasMessage("invalid empty volume spec");
    assertThatThrownBy(() -> json("-v", "/a::/b", "busybox")).hasMessage("invalid spec: /a::/b: empty section between colons");
  }

  @Test
  void mount_of_a_volume_carries_its_options() {
    assertThat(json("--mount", "type=volume,source=v1,target=/t,readonly,volume-nocopy,volume-opt=type=tmpfs,volume-opt=device=tmpfs,"
        + "volume-driver=local,volume-label=l=1", "busybox"))
        .contains("\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"v1\",\"Target\":\"/t\",\"ReadOnly\":true,\"VolumeOptions\":{\"NoCopy\":true,"
            + "\"Labels\":{\"l\":\"1\"},\"DriverConfig\":{\"Name\":\"local\",\"Options\":{\"device\":\"tmpfs\",\"type\":\"tmpfs\"}}}}]");
    assertThat(json("--mount", "type=volume,target=/x,volume-nocopy=false", "busybox"))
        .contains("\"Mounts\":[{\"Type\":\"volume\",\"Target\":\"/x\",\"VolumeOptions\":{\"DriverConfig\":{}}}]");
    assertThat(json("--mount", "type=volume,target=/anon2", "busybox")).contains("\"Mounts\":[{\"Type\":\"volume\",\"Target\":\"/anon2\"}]");
    assertThat(json("--mount", "type=volume,\"target=/x,y\"", "busybox")).contains("\"Mounts\":[{\"Type\":\"volume\",\"Target\":\"/x,y\"}]");
  }

  @Test
  void mount_of_a_bind_and_a_tmpfs() {
    String cwd = Path.of("").toAbsolutePath().toString();
    assertThat(json("--mount", "type=bind,src=/host,dst=/b,bind-propagation=rshared", "--mount",
        "type=tmpfs,destination=/tm,tmpfs-size=64m,tmpfs-mode=1770", "busybox"))
        .contains("\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/host\",\"Target\":\"/b\",\"BindOptions\":{\"Propagation\":\"rshared\"}},"
            + "{\"Type\":\"tmpfs\",\"Target\":\"/tm\",\"TmpfsOptions\":{\"SizeBytes\":67108864,\"Mode\":1016}}]");
    assertThat(json("--mount", "type=bind,src=./a,target=/x,bind-nonrecursive", "busybox"))
        .contains("\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"" + cwd + "/a\",\"Target\":\"/x\",\"BindOptions\":{\"NonRecursive\":true}}]");
    assertThat(json("--mount", "type=VOLUME,src=.,target=/x,ro=true,consistency=cached", "busybox"))
        .contains("\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"" + cwd + "\",\"Target\":\"/x\",\"ReadOnly\":true,\"Consistency\":\"cached\"}]");
    // types docker does not know, and sources tmpfs ignores, are the daemon's to judge
    assertThat(json("--mount", "type=foo,target=/x", "busybox")).contains("\"Mounts\":[{\"Type\":\"foo\",\"Target\":\"/x\"}]");
    assertThat(json("--mount", "type=tmpfs,src=x,target=/x", "busybox")).contains("\"Mounts\":[{\"Type\":\"tmpfs\",\"Source\":\"x\",\"Target\":\"/x\"}]");
  }

  @Test
  void tmpfs_volumes_from_and_read_only() {
    assertThat(json("--tmpfs", "/t1", "--tmpfs", "/t2:size=64m,mode=1777", "--volumes-from", "c1", "--volumes-from", "c2:ro",
        "--read-only", "busybox"))
        .contains("\"ReadonlyRootfs\":true").contains("\"VolumesFrom\":[\"c1\",\"c2:ro\"],\"Tmpfs\":{\"/t1\":\"\",\"/t2\":\"size=64m,mode=1777\"}");
    assertThat(json("--tmpfs", "/x", "--tmpfs", "/x:size=1m", "busybox")).contains("\"Tmpfs\":{\"/x\":\"size=1m\"}");
    // docker leaves a relative tmpfs path to the daemon
    assertThat(json("--tmpfs", "rel", "busybox")).contains("\"Tmpfs\":{\"rel\":\"\"}");
    assertThat(json("busybox")).doesNotContain("Tmpfs").doesNotContain("Mounts").doesNotContain("VolumesFrom");
  }

  @Test
  void bad_mount_values_are_flag_errors() {
    assertThatThrownBy(() -> json("--mount", "type=volume", "busybox")).isInstanceOf(InvalidFlagValue.class)
        .hasMessage("invalid argument \"type=volume\" for \"--mount\" flag: target is required");
    assertThatThrownBy(() -> json("--mount", "target=/x,bogus=1", "busybox"))
        .hasMessage("invalid argument \"target=/x,bogus=1\" for \"--mount\" flag: unexpected key 'bogus' in 'bogus=1'");
    assertThatThrownBy(() -> json("--mount", "type=bind,src=/a,target=/x,volume-nocopy", "busybox"))
        .hasMessage("invalid argument \"type=bind,src=/a,target=/x,volume-nocopy\" for \"--mount\" flag: cannot mix 'volume-*' options with mount type 'bind'");
    assertThatThrownBy(() -> json("--mount", "type=volume,target=/x,tmpfs-size=1m", "busybox"))
        .hasMessageEndingWith("flag: cannot mix 'tmpfs-*' options with mount type 'volume'");
    assertThatThrownBy(() -> json("--mount", "type=volume,target=/x,bind-propagation=shared", "busybox"))
        .hasMessageEndingWith("flag: cannot mix 'bind-*' options with mount type 'volume'");
    assertThatThrownBy(() -> json("--mount", "type=volume,target=/x,readonly=maybe", "busybox"))
        .hasMessageEndingWith("flag: invalid value for readonly: maybe");
    assertThatThrownBy(() -> json("--mount", "type=tmpfs,target=/x,tmpfs-size=abc", "busybox"))
        .hasMessageEndingWith("flag: invalid value for tmpfs-size: abc");
    assertThatThrownBy(() -> json("--mount", "type=tmpfs,target=/x,tmpfs-mode=99", "busybox"))
        .hasMessageEndingWith("flag: invalid value for tmpfs-mode: 99");
    assertThatThrownBy(() -> json("--mount", "type=volume,target=/x,foo", "busybox"))
        .hasMessageEndingWith("flag: invalid field 'foo' must be a key=value pair");
    assertThatThrownBy(() -> json("--mount", "type=bind,src=/a,target=/x,bind-create-mountpoint", "busybox"))
        .hasMessageEndingWith("flag: invalid field 'bind-create-mountpoint' must be a key=value pair");
    assertThatThrownBy(() -> json("--mount", "type=,target=/x", "busybox")).hasMessageEndingWith("flag: type is required");
  }

  record Run(int exit, String out, String err) {}

  private static Run berth(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int exit;
    // no daemon: every refusal here happens before the client connects
    try (var cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(new byte[0]), Map.of("BERTH_HOST", "unix:///nonexistent/berth.sock"), Clock.systemUTC())) {
      exit = Main.run(cli, args);
    }
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void refusals_are_printed_as_docker_prints_them_with_status_125() {
    Run mount = berth("run", "--mount", "type=volume", "busybox");
    assertThat(mount.exit()).isEqualTo(125);
    assertThat(mount.err()).isEqualTo("invalid argument \"type=volume\" for \"--mount\" flag: target is required\n\n"
        + "Usage:  berth run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'berth run --help' for more information\n");
    Run spec = berth("create", "-v", "/a:/b:/c:/d", "busybox");
    assertThat(spec.exit()).isEqualTo(125);
    assertThat(spec.err()).isEqualTo("berth: invalid spec: /a:/b:/c:/d: too many colons\n\nRun 'berth create --help' for more information\n");
    Run empty = berth("run", "-v", "", "busybox");
    assertThat(empty.exit()).isEqualTo(125);
    assertThat(empty.err()).isEqualTo("berth: invalid empty volume spec\n\nRun 'berth run --help' for more information\n");
  }
}
