package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bind mounts from {@code -v} and {@code --mount type=bind}: visible, writable or read-only, shown in inspect. */
class BindMountIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  @Test
  void read_write_bind_shares_files_both_ways() throws Exception {
    Path dir = Files.createDirectories(berth.work().resolve("rw"));
    Files.writeString(dir.resolve("in.txt"), "from host\n");
    var r = berth.berth("run", "--rm", "-v", dir + ":/data", "busybox", "sh", "-c", "cat /data/in.txt; echo from container > /data/out.txt");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("from host\n");
    assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("from container\n");
  }

  @Test
  void read_only_bind_refuses_writes() throws Exception {
    Path dir = Files.createDirectories(berth.work().resolve("ro"));
    Files.writeString(dir.resolve("in.txt"), "ro\n");
    var r = berth.berth("run", "--rm", "-v", dir + ":/data:ro", "busybox", "sh", "-c", "cat /data/in.txt; touch /data/x");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stdout()).isEqualTo("ro\n");
    assertThat(r.stderr()).contains("Read-only file system");
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void a_missing_v_source_is_created_but_a_missing_mount_source_is_refused() throws Exception {
    Path missing = berth.work().resolve("made-by-berthd/sub");
    var r = berth.berth("run", "--rm", "-v", missing + ":/made", "busybox", "ls", "-d", "/made");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(missing).isDirectory();
    Path nope = berth.work().resolve("nope");
    var m = berth.docker("run", "--rm", "--mount", "type=bind,source=" + nope + ",target=/x", "busybox", "true");
    assertThat(m.exitCode()).as(m.toString()).isEqualTo(125);
    assertThat(m.stderr()).contains("invalid mount config for type \"bind\": bind source path does not exist: " + nope);
    assertThat(nope).doesNotExist();
  }

  @Test
  void docker_mount_flag_binds_read_only() throws Exception {
    Path dir = Files.createDirectories(berth.work().resolve("mount"));
    Files.writeString(dir.resolve("f"), "via --mount\n");
    var r = berth.docker("run", "--rm", "--mount", "type=bind,source=" + dir + ",target=/m,readonly", "busybox",
        "sh", "-c", "cat /m/f; touch /m/g");
    assertThat(r.stdout()).isEqualTo("via --mount\n");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void inspect_shows_binds_and_mount_points() throws Exception {
    Path dir = Files.createDirectories(berth.work().resolve("inspect"));
    var c = berth.berth("create", "--name", "binds", "-v", dir + ":/data:ro", "-v", dir + ":/rw", "busybox", "true");
    assertThat(c.exitCode()).as(c.toString()).isZero();
    var doc = berth.api().get("/containers/binds/json").json();
    assertThat(doc.path("HostConfig").path("Binds").toString()).isEqualTo("[\"" + dir + ":/data:ro\",\"" + dir + ":/rw\"]");
    assertThat(doc.path("Mounts").toString()).isEqualTo("[{\"Type\":\"bind\",\"Source\":\"" + dir
        + "\",\"Destination\":\"/data\",\"Mode\":\"ro\",\"RW\":false,\"Propagation\":\"rprivate\"},"
        + "{\"Type\":\"bind\",\"Source\":\"" + dir + "\",\"Destination\":\"/rw\",\"Mode\":\"\",\"RW\":true,"
        + "\"Propagation\":\"rprivate\"}]");
    var fmt = berth.docker("inspect", "-f", "{{range .Mounts}}{{.Source}}:{{.Destination}}:{{.RW}} {{end}}", "binds");
    assertThat(fmt.out()).isEqualTo(dir + ":/data:false " + dir + ":/rw:true");
    assertThat(berth.berth("rm", "binds").exitCode()).isZero();
  }

  @Test
  void bad_specs_are_refused_at_create() {
    var dup = berth.berth("create", "-v", "/tmp:/x", "-v", "/var:/x", "busybox", "true");
    assertThat(dup.exitCode()).isEqualTo(125);
    assertThat(dup.stderr()).contains("Duplicate mount point: /x");
    var root = berth.docker("create", "-v", "/tmp:/", "busybox", "true");
    assertThat(root.stderr()).contains("invalid volume specification: '/tmp:/'");
  }
}
