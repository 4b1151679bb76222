package io.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import org.junit.jupiter.api.Test;

class ArchiveLoaderTest {
  @Test
  void archive_names_are_normalised() {
    assertThat(ArchiveLoader.safeName("./blobs//sha256/abc")).isEqualTo("blobs/sha256/abc");
    assertThat(ArchiveLoader.safeName("a/../b/layer.tar")).isEqualTo("b/layer.tar");
    assertThat(ArchiveLoader.safeName("/manifest.json")).isEqualTo("manifest.json");
  }

  @Test
  void names_that_escape_the_archive_are_refused() {
    assertThatThrownBy(() -> ArchiveLoader.safeName("../../etc/passwd"))
        .isInstanceOf(BerthException.InvalidArgument.class);
  }
}
