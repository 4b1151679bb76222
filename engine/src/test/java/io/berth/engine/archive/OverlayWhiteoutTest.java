package io.berth.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.sys.Linux;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** As root: two applied layers stacked by a real overlay mount show the whiteouts' effect. */
class OverlayWhiteoutTest {
  @TempDir Path tmp;

  @Test
  void overlay_hides_whited_out_and_opaque_lower_files() throws Exception {
    Path lower = Files.createDirectories(tmp.resolve("l1"));
    Path upper = Files.createDirectories(tmp.resolve("l2"));
    Path merged = Files.createDirectories(tmp.resolve("m"));
    LayerApplier.apply(new ByteArrayInputStream(new TarBuilder().dir("etc", 0755).file("etc/passwd", "root")
        .file("etc/group", "g").dir("cache", 0755).file("cache/old", "o").file("gone", "x").tar()), lower);
    LayerApplier.apply(new ByteArrayInputStream(new TarBuilder().dir("etc", 0755).file("etc/.wh.passwd", "")
        .dir("cache", 0755).file("cache/.wh..wh..opq", "").file("cache/new", "n").file(".wh.gone", "").tar()), upper);
    Linux.mount("overlay", merged, "overlay", Linux.MS_RDONLY, "lowerdir=" + upper + ":" + lower);
    try {
      assertThat(Files.exists(merged.resolve("etc/passwd"), LinkOption.NOFOLLOW_LINKS)).isFalse();
      assertThat(merged.resolve("etc/group")).hasContent("g");
      assertThat(Files.exists(merged.resolve("cache/old"), LinkOption.NOFOLLOW_LINKS)).isFalse();
      assertThat(merged.resolve("cache/new")).hasContent("n");
      assertThat(Files.exists(merged.resolve("gone"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    } finally {
      Linux.umount2(merged, Linux.MNT_DETACH);
    }
  }
}
