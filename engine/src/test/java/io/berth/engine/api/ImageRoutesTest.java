package io.berth.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageRoutesTest {
  @Test
  void image_reference_filter_globs_like_docker() {
    assertThat(ImageRoutes.referenceMatches("busybox:latest", "busy*")).isTrue();
    assertThat(ImageRoutes.referenceMatches("busybox:latest", "busybox:latest")).isTrue();
    assertThat(ImageRoutes.referenceMatches("localhost:5000/team/app:1", "localhost:5000/team/*")).isTrue();
    assertThat(ImageRoutes.referenceMatches("busybox:latest", "alpine")).isFalse();
  }
}
