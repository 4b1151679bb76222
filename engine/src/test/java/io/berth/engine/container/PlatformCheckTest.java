package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.Platform;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformCheckTest {
  private static final Platform HOST = Platform.parse("linux/amd64");
  private static final Platform ARM64 = Platform.of("linux", "arm64", Optional.of("v8"));
  private static final Digest ID = Digest.sha256(new byte[] {1});

  @Test
  void host_images_and_any_amd64_variant_run() {
    assertThat(PlatformCheck.runnable(Platform.parse("linux/amd64"), HOST)).isTrue();
    assertThat(PlatformCheck.runnable(Platform.parse("linux/amd64/v3"), HOST)).isTrue();
    assertThat(PlatformCheck.runnable(Platform.of("linux", "x86_64"), HOST)).isTrue();
  }

  @Test
  void an_image_without_os_or_architecture_is_taken_as_the_host_s() {
    assertThat(PlatformCheck.runnable(Platform.of("", ""), HOST)).isTrue();
    assertThat(PlatformCheck.atCreate("old:1", Platform.of("", ""), Optional.empty(), HOST)).isEmpty();
  }

  @Test
  void foreign_images_do_not_run() {
    assertThat(PlatformCheck.runnable(ARM64, HOST)).isFalse();
    assertThat(PlatformCheck.runnable(Platform.parse("windows/amd64"), HOST)).isFalse();
  }

  @Test
  void create_without_platform_of_a_foreign_image_warns_as_dockerd() {
    assertThat(PlatformCheck.atCreate("arm:1", ARM64, Optional.empty(), HOST)).containsExactly(
        "The requested image's platform (linux/arm64/v8) does not match the detected host platform (linux/amd64) "
            + "and no specific platform was requested");
    assertThat(PlatformCheck.atCreate("busybox", HOST, Optional.empty(), HOST)).isEmpty();
  }

  @Test
  void create_with_a_platform_the_image_lacks_is_not_found() {
    assertThatThrownBy(() -> PlatformCheck.atCreate("arm:1", ARM64, Optional.of(HOST), HOST))
        .isInstanceOf(BerthException.NotFound.class)
        .hasMessage("image with reference arm:1 was found but does not match the specified platform: "
            + "wanted linux/amd64, actual: linux/arm64/v8");
  }

  @Test
  void create_with_the_image_s_platform_neither_warns_nor_fails() {
    assertThat(PlatformCheck.atCreate("arm:1", ARM64, Optional.of(Platform.parse("linux/arm64")), HOST)).isEmpty();
    assertThat(PlatformCheck.atCreate("arm:1", ARM64, Optional.of(Platform.parse("linux/arm64/v8")), HOST)).isEmpty();
    assertThatThrownBy(() -> PlatformCheck.atCreate("arm:1", ARM64, Optional.of(Platform.parse("linux/arm64/v7")), HOST))
        .isInstanceOf(BerthException.NotFound.class);
  }

  @Test
  void start_of_a_foreign_image_is_refused_clearly() {
    assertThatThrownBy(() -> PlatformCheck.checkStart(ID, ARM64, HOST))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("is for platform linux/arm64/v8, which cannot run on this host (linux/amd64)")
        .hasMessageContaining("berth does not emulate other platforms");
    PlatformCheck.checkStart(ID, HOST, HOST);
  }
}
