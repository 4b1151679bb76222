package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.testkit.LayeredImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An image of another platform (a fabricated linux/arm64/v8 image, loaded from a {@code docker save}
 * tar whose config says so) is stored and listed, but containers of it never start: berth does not
 * emulate other platforms. Docker's create-time warning and platform-mismatch error are kept; the
 * start is refused with a clear message instead of runc's "exec format error".
 */
class ForeignPlatformIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  @BeforeAll
  static void loadArm64Image() {
    Path layer = berth.work().resolve("arm-layer.tar");
    Path tar = berth.work().resolve("arm64.tar");
    var l = LayeredImage.busybox(layer);
    LayeredImage.saveTar(tar, "armonly:1", List.of(l), Map.of(), List.of(l), "linux/arm64/v8");
    var load = berth.berth("load", "-i", tar.toString());
    assertThat(load.exitCode()).as(load.toString()).isZero();
  }

  @Test
  void the_image_is_stored_with_its_platform() {
    JsonNode img = berth.api().get("/images/armonly:1/json").json();
    assertThat(img.get("Architecture").asText()).isEqualTo("arm64");
    assertThat(img.get("Variant").asText()).isEqualTo("v8");
    assertThat(img.get("Os").asText()).isEqualTo("linux");
  }

  @Test
  void docker_create_warns_and_start_is_refused() {
    var create = berth.docker("create", "--name", "arm-created", "armonly:1", "true");
    try {
      assertThat(create.exitCode()).as(create.toString()).isZero();
      assertThat(create.stderr()).contains("WARNING: The requested image's platform (linux/arm64/v8) does not match "
          + "the detected host platform (linux/amd64) and no specific platform was requested");
      var start = berth.docker("start", "arm-created");
      assertThat(start.exitCode()).as(start.toString()).isNotZero();
      assertThat(start.stderr()).contains("is for platform linux/arm64/v8, which cannot run on this host (linux/amd64)")
          .contains("berth does not emulate other platforms");
      assertThat(berth.api().get("/containers/arm-created/json").json().at("/State/Status").asText())
          .isEqualTo("created");
    } finally {
      berth.docker("rm", "-f", "arm-created");
    }
  }

  @Test
  void docker_run_is_refused_and_an_rm_container_is_gone() {
    var run = berth.docker("run", "--rm", "--name", "arm-run", "armonly:1", "true");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(125);
    assertThat(run.stderr()).contains("WARNING: The requested image's platform (linux/arm64/v8)")
        .contains("berth does not emulate other platforms");
    assertThat(berth.api().get("/containers/arm-run/json").status()).isEqualTo(404);
  }

  @Test
  void run_with_a_platform_the_image_does_not_have_is_docker_s_not_found() {
    var run = berth.docker("run", "--pull", "never", "--platform", "linux/amd64", "armonly:1", "true");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(125);
    assertThat(run.stderr()).contains("image with reference armonly:1 was found but does not match the specified "
        + "platform: wanted linux/amd64, actual: linux/arm64/v8");
    var api = berth.api().postJson("/containers/create?platform=linux/amd64", "{\"Image\":\"armonly:1\"}");
    assertThat(api.status()).isEqualTo(404);
  }

  @Test
  void berth_run_with_the_image_s_platform_creates_without_warning_but_does_not_start() {
    var run = berth.berth("run", "--name", "arm-asked", "--platform", "linux/arm64", "armonly:1", "true");
    try {
      assertThat(run.exitCode()).as(run.toString()).isNotZero();
      assertThat(run.stderr()).doesNotContain("WARNING").contains("berth does not emulate other platforms");
    } finally {
      berth.berth("rm", "-f", "arm-asked");
    }
  }

  @Test
  void host_images_still_run() {
    var run = berth.docker("run", "--rm", "busybox", "echo", "native");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).isEqualTo("native\n");
  }
}
