package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.BusyboxImage;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real docker CLI (28.x, /usr/local/bin/docker) against berthd through DOCKER_HOST. */
class DockerCliCompatIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  @Test
  void version_negotiates_an_api_version_with_the_daemon() {
    var r = berth.docker("version", "--format", "{{.Server.APIVersion}} {{.Server.Os}}");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).matches("1\\.\\d+ linux");
  }

  @Test
  void info_reports_the_server() {
    var r = berth.docker("info", "--format", "{{.ServerVersion}}|{{.OSType}}|{{.Containers}}");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).matches(".+\\|linux\\|\\d+");
  }

  @Test
  void images_lists_busybox() {
    var r = berth.docker("images", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("busybox:latest " + berth.busyboxId());
  }

  @Test
  void run_rm_prints_output_and_passes_the_exit_code() {
    var hello = berth.docker("run", "--rm", "busybox", "echo", "hi from docker");
    assertThat(hello.exitCode()).as(hello.toString()).isZero();
    assertThat(hello.stdout()).isEqualTo("hi from docker\n");
    var three = berth.docker("run", "--rm", "busybox", "sh", "-c", "exit 3");
    assertThat(three.exitCode()).as(three.toString()).isEqualTo(3);
  }

  @Test
  void run_d_ps_logs_stop_rm() {
    var run = berth.docker("run", "-d", "--name", "dk-counter", "busybox", "sh", "-c", DetachIT.COUNTER);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String id = run.out();
    assertThat(id).matches("[0-9a-f]{64}");

    var ps = berth.docker("ps", "--no-trunc", "--format", "{{.ID}} {{.Names}} {{.Image}} {{.Status}}");
    assertThat(ps.exitCode()).as(ps.toString()).isZero();
    assertThat(ps.stdout()).contains(id + " dk-counter busybox Up");

    BerthDaemon.eventually(Duration.ofSeconds(20), "docker logs shows line3",
        () -> berth.docker("logs", "dk-counter").stdout().contains("line3\n"));
    var tail = berth.docker("logs", "--tail", "1", "dk-counter");
    assertThat(tail.stdout().lines()).hasSize(1);

    try (var follow = berth.cli().startDocker("logs", "-f", "dk-counter")) {
      follow.awaitStdout(s -> s.contains("line6\n"), Duration.ofSeconds(20));
      var stop = berth.docker("stop", "-t", "1", "dk-counter");
      assertThat(stop.exitCode()).as(stop.toString()).isZero();
      assertThat(follow.await(Duration.ofSeconds(20)).exitCode()).isZero();
    }
    var state = berth.docker("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "dk-counter");
    assertThat(state.out()).isEqualTo("exited 137");

    var rm = berth.docker("rm", "dk-counter");
    assertThat(rm.exitCode()).as(rm.toString()).isZero();
    assertThat(berth.docker("ps", "-a", "--format", "{{.Names}}").stdout()).doesNotContain("dk-counter");
  }

  @Test
  void import_makes_a_runnable_image() {
    Path rootfs = berth.work().resolve("docker-rootfs.tar");
    new BusyboxImage().rootfsTar(rootfs);
    var imp = berth.docker("import", "-c", "CMD [\"sh\"]", rootfs.toString(), "dk-imported:1");
    assertThat(imp.exitCode()).as(imp.toString()).isZero();
    var run = berth.docker("run", "--rm", "dk-imported:1", "echo", "imported");
    assertThat(run.stdout()).as(run.toString()).isEqualTo("imported\n");
    assertThat(berth.docker("rmi", "dk-imported:1").exitCode()).isZero();
  }

  @Test
  void load_save_rmi_round_trip_keeps_the_image_id() {
    Path tar = berth.work().resolve("dk-load.tar");
    var built = new BusyboxImage().dockerSaveTar(tar, "dk-loaded:1");
    var load = berth.docker("load", "-i", tar.toString());
    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(load.stdout()).contains("Loaded image: dk-loaded:1");

    Path saved = berth.work().resolve("dk-saved.tar");
    var save = berth.docker("save", "-o", saved.toString(), "dk-loaded:1");
    assertThat(save.exitCode()).as(save.toString()).isZero();
    var rmi = berth.docker("rmi", "dk-loaded:1");
    assertThat(rmi.exitCode()).as(rmi.toString()).isZero();
    assertThat(rmi.stdout()).contains("Untagged: dk-loaded:1");
    assertThat(berth.docker("images", "--format", "{{.Repository}}:{{.Tag}}").stdout()).doesNotContain("dk-loaded:1");

    var reload = berth.docker("load", "-i", saved.toString());
    assertThat(reload.exitCode()).as(reload.toString()).isZero();
    var id = berth.docker("image", "inspect", "--format", "{{.Id}}", "dk-loaded:1");
    assertThat(id.out()).isEqualTo(built.imageId().toString());
    assertThat(berth.docker("rmi", "dk-loaded:1").exitCode()).isZero();
  }

  @Test
  void unknown_image_fails_with_125() {
    var r = berth.docker("run", "--rm", "no-such-image:1", "true");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
  }
}
