package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Containers with volumes and tmpfs mounts through the docker CLI: named, anonymous and image
 * volumes, copy-up, read-only, tmpfs limits, --volumes-from, removal rules and bad input.
 */
class VolumeMountIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  /** An image whose VOLUME /app holds a file owned by nobody (mode 0640), a symlink and a 0750 directory. */
  @BeforeAll
  static void buildImage() throws Exception {
    Path ctx = Files.createTempDirectory("volimg");
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM busybox
        RUN mkdir /app && echo from-image > /app/file && chown 65534:65534 /app/file && chmod 640 /app/file \\
            && chmod 750 /app && ln -s /etc/passwd /app/link
        VOLUME /app
        """);
    var b = berth.docker("build", "-q", "-t", "volimg", ctx.toString());
    assertThat(b.exitCode()).as(b.toString()).isZero();
  }

  @Test
  void data_written_through_a_named_volume_is_read_by_the_next_container_and_ro_is_enforced() {
    var w = berth.docker("run", "--rm", "-v", "keep:/data", "busybox", "sh", "-c", "echo persisted > /data/f");
    assertThat(w.exitCode()).as(w.toString()).isZero();
    assertThat(berth.daemon().dataRoot().resolve("volumes/keep/_data/f")).hasContent("persisted");
    var r = berth.docker("run", "--rm", "--mount", "type=volume,src=keep,dst=/d,readonly", "busybox",
        "sh", "-c", "cat /d/f; echo x > /d/g");
    assertThat(r.stdout()).isEqualTo("persisted\n");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("Read-only file system");
    assertThat(berth.docker("run", "--rm", "-v", "keep:/d:ro", "busybox", "touch", "/d/h").exitCode()).isEqualTo(1);
  }

  @Test
  void copy_up_fills_an_empty_volume_with_the_images_content_owners_and_modes() {
    var r = berth.docker("run", "--rm", "-v", "copied:/app", "volimg", "sh", "-c",
        "ls -lnd /app | cut -c1-10; ls -ln /app/file | awk '{print $1, $3, $4}'; readlink /app/link; cat /app/file");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("drwxr-x---\n-rw-r----- 65534 65534\n/etc/passwd\nfrom-image\n");
    // a volume that has content is never overwritten
    berth.docker("run", "--rm", "-v", "copied:/app", "busybox", "sh", "-c", "echo mine > /app/file");
    assertThat(berth.docker("run", "--rm", "-v", "copied:/app", "volimg", "cat", "/app/file").stdout()).isEqualTo("mine\n");
    var nocopy = berth.docker("run", "--rm", "-v", "empty:/app:nocopy", "volimg", "ls", "-A", "/app");
    assertThat(nocopy.exitCode()).as(nocopy.toString()).isZero();
    assertThat(nocopy.stdout()).isEmpty();
  }

  @Test
  void image_volumes_become_anonymous_volumes_that_rm_v_removes_but_named_ones_stay() throws Exception {
    var c = berth.docker("create", "--name", "anon", "-v", "stays:/named", "-v", "/extra", "volimg", "true");
    assertThat(c.exitCode()).as(c.toString()).isZero();
    JsonNode doc = Json.mapper().readTree(berth.docker("inspect", "anon").stdout()).get(0);
    assertThat(doc.path("Config").path("Volumes").has("/app")).isTrue();
    assertThat(doc.path("Config").path("Volumes").has("/extra")).isTrue();
    JsonNode app = null;
    for (JsonNode m : doc.path("Mounts")) if (m.path("Destination").asText().equals("/app")) app = m;
    assertThat(app).isNotNull();
    assertThat(app.path("Type").asText()).isEqualTo("volume");
    assertThat(app.path("Name").asText()).matches("[0-9a-f]{64}");
    assertThat(app.path("Source").asText()).isEqualTo(
        berth.daemon().dataRoot().resolve("volumes/" + app.path("Name").asText() + "/_data").toString());
    assertThat(app.path("Driver").asText()).isEqualTo("local");
    String anonymous = app.path("Name").asText();
    assertThat(berth.daemon().dataRoot().resolve("volumes/" + anonymous + "/_data/file")).hasContent("from-image\n");

    var inUse = berth.docker("volume", "rm", anonymous);
    assertThat(inUse.exitCode()).isEqualTo(1);
    assertThat(inUse.stderr()).contains("volume is in use");
    var rm = berth.docker("rm", "-v", "anon");
    assertThat(rm.exitCode()).as(rm.toString()).isZero();
    String names = berth.docker("volume", "ls", "-q").stdout();
    assertThat(names).doesNotContain(anonymous).contains("stays");

    var auto = berth.docker("run", "--rm", "volimg", "true");
    assertThat(auto.exitCode()).isZero();
    assertThat(berth.docker("volume", "ls", "-q").stdout().lines().count()).isEqualTo(names.lines().count());
  }

  @Test
  void tmpfs_is_memory_backed_and_size_limited() {
    var r = berth.docker("run", "--rm", "--tmpfs", "/t:size=1m", "--mount", "type=tmpfs,dst=/m,tmpfs-mode=1770",
        "busybox", "sh", "-c", "grep -E ' /(t|m) ' /proc/mounts; ls -ld /m | cut -c1-10; "
            + "dd if=/dev/zero of=/t/x bs=1k count=2048 2>&1 | grep -o 'No space left on device'");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("tmpfs /t tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k")
        .contains("tmpfs /m tmpfs rw,nosuid,nodev,noexec,relatime,mode=1770")
        .contains("drwxrwx--T").contains("No space left on device");
  }

  @Test
  void a_tmpfs_volume_is_shared_while_used_and_unmounted_after_the_last_user() throws Exception {
    assertThat(berth.docker("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=2m", "mem")
        .exitCode()).isZero();
    var keep = berth.docker("run", "-d", "--name", "memuser", "-v", "mem:/m", "busybox", "sleep", "60");
    assertThat(keep.exitCode()).as(keep.toString()).isZero();
    assertThat(berth.docker("run", "--rm", "-v", "mem:/m", "busybox", "sh", "-c", "echo shared > /m/f").exitCode()).isZero();
    assertThat(berth.docker("exec", "memuser", "cat", "/m/f").stdout()).isEqualTo("shared\n");
    Path data = berth.daemon().dataRoot().resolve("volumes/mem/_data");
    assertThat(HostCommands.run("findmnt", "-n", data.toString()).code()).isZero();
    assertThat(berth.docker("rm", "-f", "memuser").exitCode()).isZero();
    assertThat(HostCommands.run("findmnt", "-n", data.toString()).code()).isNotZero();
    assertThat(berth.docker("volume", "rm", "mem").exitCode()).isZero();
  }

  @Test
  void volumes_from_shares_a_containers_volumes_read_only_when_asked() {
    assertThat(berth.docker("create", "--name", "holder", "-v", "shared:/s", "busybox", "true").exitCode()).isZero();
    var rw = berth.docker("run", "--rm", "--volumes-from", "holder", "busybox", "sh", "-c", "echo hi > /s/f");
    assertThat(rw.exitCode()).as(rw.toString()).isZero();
    var ro = berth.docker("run", "--rm", "--volumes-from", "holder:ro", "busybox", "sh", "-c", "cat /s/f; touch /s/g");
    assertThat(ro.stdout()).isEqualTo("hi\n");
    assertThat(ro.stderr()).contains("Read-only file system");
    assertThat(berth.docker("rm", "holder").exitCode()).isZero();
  }

  @Test
  void docker_cp_reaches_the_volumes_of_stopped_and_running_containers() throws Exception {
    Path file = Files.createTempFile("cp", ".txt");
    Files.writeString(file, "copied in");
    assertThat(berth.docker("create", "--name", "cpstopped", "-v", "cpvol:/data", "-v", "cpro:/ro:ro", "busybox", "true")
        .exitCode()).isZero();
    var in = berth.docker("cp", file.toString(), "cpstopped:/data/f.txt");
    assertThat(in.exitCode()).as(in.toString()).isZero();
    assertThat(berth.daemon().dataRoot().resolve("volumes/cpvol/_data/f.txt")).hasContent("copied in");
    Path out = Files.createTempDirectory("cpout");
    var back = berth.docker("cp", "cpstopped:/data/f.txt", out.toString());
    assertThat(back.exitCode()).as(back.toString()).isZero();
    assertThat(out.resolve("f.txt")).hasContent("copied in");
    var ro = berth.docker("cp", file.toString(), "cpstopped:/ro/f.txt");
    assertThat(ro.exitCode()).isNotZero();
    assertThat(ro.stderr()).contains("mounted volume is marked read-only");

    var running = berth.docker("run", "-d", "--name", "cprunning", "--read-only", "-v", "cpvol:/data", "busybox",
        "sleep", "60");
    assertThat(running.exitCode()).as(running.toString()).isZero();
    assertThat(berth.docker("cp", file.toString(), "cprunning:/data/g.txt").exitCode()).isZero();
    assertThat(berth.docker("exec", "cprunning", "cat", "/data/g.txt").stdout()).isEqualTo("copied in");
    assertThat(berth.docker("cp", file.toString(), "cprunning:/g.txt").stderr())
        .contains("container rootfs is marked read-only");
    assertThat(berth.docker("rm", "-f", "cprunning", "cpstopped").exitCode()).isZero();
  }

  @Test
  void the_berth_cli_does_the_same_with_its_own_volume_commands_and_flags() {
    var create = berth.berth("volume", "create", "--label", "by=berth", "bvol");
    assertThat(create.exitCode()).as(create.toString()).isZero();
    assertThat(create.out()).isEqualTo("bvol");
    var write = berth.berth("run", "--rm", "-v", "bvol:/data", "--tmpfs", "/t:size=1m",
        "--mount", "type=tmpfs,dst=/m", "busybox", "sh", "-c", "echo via-berth > /data/f && grep -c tmpfs /proc/mounts");
    assertThat(write.exitCode()).as(write.toString()).isZero();
    assertThat(Integer.parseInt(write.out())).isGreaterThanOrEqualTo(2);
    assertThat(berth.berth("create", "--name", "bholder", "--mount", "type=volume,src=bvol,dst=/v", "busybox", "true")
        .exitCode()).isZero();
    var from = berth.berth("run", "--rm", "--volumes-from", "bholder:ro", "busybox", "sh", "-c", "cat /v/f; touch /v/x");
    assertThat(from.stdout()).isEqualTo("via-berth\n");
    assertThat(from.exitCode()).isEqualTo(1);
    var inUse = berth.berth("volume", "rm", "bvol");
    assertThat(inUse.exitCode()).isEqualTo(1);
    assertThat(inUse.stderr()).contains("volume is in use");
    assertThat(berth.berth("volume", "ls", "-q", "--filter", "label=by=berth").out()).isEqualTo("bvol");
    assertThat(berth.berth("rm", "-v", "bholder").exitCode()).isZero();
    assertThat(berth.berth("volume", "rm", "bvol").exitCode()).isZero();
    var bad = berth.berth("run", "--rm", "--mount", "type=bogus,dst=/x", "busybox", "true");
    assertThat(bad.exitCode()).isEqualTo(125);
  }

  @Test
  void bad_mounts_are_clear_errors_and_change_nothing() {
    String before = berth.docker("volume", "ls", "-q").stdout();
    String containers = berth.docker("ps", "-aq").stdout();
    assertError(berth.docker("run", "--rm", "-v", "a b:/x", "busybox", "true"),
        "\"a b\" includes invalid characters for a local volume name");
    assertError(berth.docker("run", "--rm", "--mount", "type=volume,src=v9,dst=/x,volume-driver=nfsx", "busybox", "true"),
        "plugin \"nfsx\" not found");
    assertError(berth.docker("run", "--rm", "--mount", "type=volume,dst=/x,readonly", "busybox", "true"),
        "must not set ReadOnly mode when using anonymous volumes");
    assertError(berth.docker("run", "--rm", "-v", "/tmp:/proc", "busybox", "true"), "mounting over /proc is not allowed");
    assertError(berth.docker("run", "--rm", "--tmpfs", "/sys/x", "busybox", "true"), "mounting over /sys/x is not allowed");
    assertError(berth.docker("run", "--rm", "--volumes-from", "nobody-here", "busybox", "true"),
        "No such container: nobody-here");
    assertError(berth.docker("run", "--rm", "-v", "/tmp:/x", "-v", "vx:/x", "busybox", "true"), "Duplicate mount point: /x");
    assertError(berth.docker("run", "--rm", "--mount", "type=bind,src=/no/such/dir,dst=/x", "busybox", "true"),
        "bind source path does not exist: /no/such/dir");
    var relative = berth.api().postJson("/v1.47/containers/create",
        "{\"Image\":\"busybox\",\"HostConfig\":{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"rel/dir\",\"Target\":\"/x\"}]}}");
    assertThat(relative.status()).isEqualTo(400);
    assertThat(relative.json().path("message").asText()).contains("invalid mount path: 'rel/dir' mount path must be absolute");
    var tmpfsOpt = berth.api().postJson("/v1.47/containers/create",
        "{\"Image\":\"busybox\",\"HostConfig\":{\"Tmpfs\":{\"/t\":\"size=1m,bogus\"}}}");
    assertThat(tmpfsOpt.status()).isEqualTo(400);
    assertThat(tmpfsOpt.json().path("message").asText()).contains("invalid tmpfs option");
    assertThat(berth.docker("volume", "ls", "-q").stdout()).isEqualTo(before);
    assertThat(berth.docker("ps", "-aq").stdout()).isEqualTo(containers);
  }

  private static void assertError(io.berth.testkit.Cli.Result r, String message) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
    assertThat(r.stderr()).contains(message);
    assertThat(r.stderr()).doesNotContain("Unable to find image");
  }
}
