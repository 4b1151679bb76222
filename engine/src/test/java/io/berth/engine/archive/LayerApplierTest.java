package io.berth.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.sys.Linux;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerApplierTest {
  @TempDir Path tmp;

  private Path layer() throws Exception {
    return Files.createDirectories(tmp.resolve("layer"));
  }

  private static AppliedLayer apply(byte[] data, Path dir) {
    return LayerApplier.apply(new ByteArrayInputStream(data), dir);
  }

  private static Map<String, Object> stat(Path p) throws Exception {
    return Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void plain_tar_is_unpacked_with_modes_owners_and_times() throws Exception {
    byte[] tar = new TarBuilder().dir("etc", 0755).file("etc/hosts", "127.0.0.1 localhost\n", 0640, 1000, 2000)
        .file("bin/su", "#!", 04755, 0, 0).dir("tmp", 01777).tar();
    Path dir = layer();
    AppliedLayer applied = apply(tar, dir);
    assertThat(applied.diffId()).isEqualTo(Digest.sha256(tar));
    assertThat(applied.size()).isEqualTo(tar.length);
    assertThat(Files.readString(dir.resolve("etc/hosts"))).isEqualTo("127.0.0.1 localhost\n");
    Map<String, Object> hosts = stat(dir.resolve("etc/hosts"));
    assertThat(hosts.get("mode")).isEqualTo(Linux.S_IFREG | 0640);
    assertThat(hosts.get("uid")).isEqualTo(1000);
    assertThat(hosts.get("gid")).isEqualTo(2000);
    assertThat(Files.getLastModifiedTime(dir.resolve("etc/hosts"))).isEqualTo(TarBuilder.MTIME);
    assertThat(stat(dir.resolve("bin/su")).get("mode")).isEqualTo(Linux.S_IFREG | 04755);
    assertThat(stat(dir.resolve("tmp")).get("mode")).isEqualTo(Linux.S_IFDIR | 01777);
    // Directory times are set after the directory was filled.
    assertThat(Files.getLastModifiedTime(dir.resolve("etc"))).isEqualTo(TarBuilder.MTIME);
  }

  @Test
  void gzip_and_zstd_layers_have_the_diff_id_of_their_uncompressed_tar() throws Exception {
    byte[] tar = new TarBuilder().file("a", "hello").tar();
    AppliedLayer gz = apply(TarBuilder.gzip(tar), Files.createDirectories(tmp.resolve("gz")));
    AppliedLayer zst = apply(TarBuilder.zstd(tar), Files.createDirectories(tmp.resolve("zst")));
    assertThat(gz).isEqualTo(new AppliedLayer(Digest.sha256(tar), tar.length));
    assertThat(zst).isEqualTo(gz);
    assertThat(Files.readString(tmp.resolve("zst/a"))).isEqualTo("hello");
    assertThat(Compression.detect(TarBuilder.zstd(tar))).isEqualTo(Compression.ZSTD);
    assertThat(Compression.detect(TarBuilder.gzip(tar))).isEqualTo(Compression.GZIP);
    assertThat(Compression.detect(tar)).isEqualTo(Compression.NONE);
    assertThat(Compression.detect(new byte[0])).isEqualTo(Compression.NONE);
  }

  @Test
  void trailing_bytes_after_the_tar_end_are_part_of_the_diff_id() throws Exception {
    byte[] tar = new TarBuilder().file("a", "x").tar();
    byte[] padded = Arrays.copyOf(tar, tar.length + 4096); // more zero blocks, as some tools write
    AppliedLayer applied = apply(padded, layer());
    assertThat(applied.diffId()).isEqualTo(Digest.sha256(padded));
    assertThat(applied.size()).isEqualTo(padded.length);
  }

  @Test
  void whiteout_becomes_an_overlay_character_device() throws Exception {
    Path dir = layer();
    apply(new TarBuilder().dir("etc", 0755).file("etc/.wh.passwd", "").tar(), dir);
    Path w = dir.resolve("etc/passwd");
    Map<String, Object> a = stat(w);
    assertThat((Integer) a.get("mode") & Linux.S_IFMT).isEqualTo(Linux.S_IFCHR);
    assertThat(a.get("rdev")).isEqualTo(0L);
    assertThat(Files.exists(dir.resolve("etc/.wh.passwd"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void opaque_whiteout_marks_its_directory() throws Exception {
    Path dir = layer();
    apply(new TarBuilder().dir("var/cache", 0755).file("var/cache/.wh..wh..opq", "").file("var/cache/new", "n").tar(), dir);
    assertThat(Linux.lgetxattr(dir.resolve("var/cache"), "trusted.overlay.opaque")).hasValue(new byte[] {'y'});
    assertThat(Files.exists(dir.resolve("var/cache/.wh..wh..opq"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(dir.resolve("var/cache/new")).hasContent("n");
  }

  @Test
  void directory_replacing_a_whiteout_becomes_opaque() throws Exception {
    Path dir = layer();
    apply(new TarBuilder().file(".wh.opt", "").dir("opt", 0755).file("opt/x", "x").tar(), dir);
    assertThat(dir.resolve("opt")).isDirectory();
    assertThat(Linux.lgetxattr(dir.resolve("opt"), "trusted.overlay.opaque")).hasValue(new byte[] {'y'});
  }

  @Test
  void whiteout_does_not_hide_an_entry_of_the_same_layer() throws Exception {
    Path dir = layer();
    apply(new TarBuilder().file("a", "kept").file(".wh.a", "").tar(), dir);
    assertThat(dir.resolve("a")).hasContent("kept");
  }

  @Test
  void overlay_xattrs_in_the_archive_are_not_applied_but_others_are() throws Exception {
    Path dir = layer();
    apply(new TarBuilder().fileWithXattr("a", "", "trusted.overlay.redirect", "/etc")
        .fileWithXattr("b", "", "user.berth", "yes").tar(), dir);
    assertThat(Linux.lgetxattr(dir.resolve("a"), "trusted.overlay.redirect")).isEmpty();
    assertThat(Linux.lgetxattr(dir.resolve("b"), "user.berth")).hasValue("yes".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void hardlinks_share_the_inode_of_their_target_in_the_layer() throws Exception {
    Path dir = layer();
    apply(new TarBuilder().file("bin/busybox", "bb", 0755, 0, 0).hardlink("bin/sh", "bin/busybox").tar(), dir);
    assertThat(Files.isSameFile(dir.resolve("bin/sh"), dir.resolve("bin/busybox"))).isTrue();
    assertThat(stat(dir.resolve("bin/sh")).get("nlink")).isEqualTo(2);
  }

  @Test
  void hardlink_to_a_host_file_is_refused() throws Exception {
    Path dir = layer();
    assertThatThrownBy(() -> apply(new TarBuilder().hardlink("pw", "/etc/passwd").tar(), dir))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("hardlink target not in layer");
    assertThatThrownBy(() -> apply(new TarBuilder().hardlink("pw2", "../../../../etc/passwd").tar(), dir))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("escapes the layer");
    assertThat(Files.exists(dir.resolve("pw"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void hardlink_through_a_symlinked_directory_stays_in_the_layer() throws Exception {
    Path dir = layer();
    assertThatThrownBy(() -> apply(new TarBuilder().symlink("e", "/etc").hardlink("pw", "e/passwd").tar(), dir))
        .isInstanceOf(BerthException.InvalidArgument.class);
  }

  @Test
  void symlink_parent_is_resolved_inside_the_layer() throws Exception {
    Path dir = layer();
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path probe = Path.of("/etc/berth-layer-escape-probe");
    try {
      apply(new TarBuilder().symlink("a", "/etc").file("a/berth-layer-escape-probe", "pwned")
          .symlink("b", outside.toString()).file("b/x", "pwned")
          .symlink("c", "../../../../..").file("c/y", "pwned").tar(), dir);
      assertThat(probe).doesNotExist();
      assertThat(outside.resolve("x")).doesNotExist();
      assertThat(dir.resolve("etc/berth-layer-escape-probe")).hasContent("pwned");
      assertThat(Files.readSymbolicLink(dir.resolve("a"))).isEqualTo(Path.of("/etc"));
      assertThat(dir.resolve(outside.toString().substring(1)).resolve("x")).hasContent("pwned");
      assertThat(dir.resolve("y")).hasContent("pwned");
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  @Test
  void dot_dot_and_absolute_names_never_leave_the_layer() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("a/b/layer"));
    assertThatThrownBy(() -> apply(new TarBuilder().file("../../x", "pwned").tar(), dir))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("invalid layer archive: path escapes the layer: ../../x");
    assertThat(tmp.resolve("a/x")).doesNotExist();
    assertThat(tmp.resolve("x")).doesNotExist();
    Path dir2 = Files.createDirectories(tmp.resolve("layer2"));
    apply(new TarBuilder().file("/abs", "inside").file("d/../e", "e").tar(), dir2);
    assertThat(dir2.resolve("abs")).hasContent("inside");
    assertThat(dir2.resolve("e")).hasContent("e");
  }

  @Test
  void deferred_directory_modes_never_follow_a_later_symlink() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside/sub"));
    Linux.chmod(outside, 0750);
    Path dir = layer();
    apply(new TarBuilder().dir("d", 0700).dir("d/sub", 0777).symlink("d", tmp.resolve("outside").toString()).tar(), dir);
    assertThat(stat(outside).get("mode")).isEqualTo(Linux.S_IFDIR | 0750);
    assertThat(Files.isSymbolicLink(dir.resolve("d"))).isTrue();
  }

  @Test
  void later_entries_replace_earlier_ones() throws Exception {
    Path dir = layer();
    apply(new TarBuilder().dir("d", 0755).file("d/f", "f").file("d", "now a file")
        .file("g", "file").dir("g", 0700).symlink("h", "x").file("h", "real").tar(), dir);
    assertThat(dir.resolve("d")).isRegularFile().hasContent("now a file");
    assertThat(dir.resolve("g")).isDirectory();
    assertThat(Files.isSymbolicLink(dir.resolve("h"))).isFalse();
    assertThat(dir.resolve("h")).hasContent("real");
  }

  @Test
  void long_names_fifos_and_devices_are_kept() throws Exception {
    Path dir = layer();
    String longName = "deep/" + "x".repeat(150) + "/file-" + "y".repeat(120);
    apply(new TarBuilder().file(longName, "long").node("dev/null", TarConstants.LF_CHR, 0666, 1, 3)
        .node("dev/loop0", TarConstants.LF_BLK, 0660, 7, 0).node("run/fifo", TarConstants.LF_FIFO, 0600, 0, 0)
        .symlink("dev/stdout", "/proc/self/fd/1").tar(), dir);
    assertThat(dir.resolve(longName)).hasContent("long");
    assertThat(stat(dir.resolve("dev/null"))).containsEntry("mode", Linux.S_IFCHR | 0666)
        .containsEntry("rdev", Linux.makedev(1, 3));
    assertThat(stat(dir.resolve("dev/loop0"))).containsEntry("mode", Linux.S_IFBLK | 0660)
        .containsEntry("rdev", Linux.makedev(7, 0));
    assertThat(stat(dir.resolve("run/fifo"))).containsEntry("mode", Linux.S_IFIFO | 0600);
    assertThat(Files.readSymbolicLink(dir.resolve("dev/stdout"))).isEqualTo(Path.of("/proc/self/fd/1"));
  }

  @Test
  void truncated_gzip_is_an_invalid_argument() throws Exception {
    byte[] gz = TarBuilder.gzip(new TarBuilder().file("a", "x".repeat(100_000)).tar());
    byte[] cut = Arrays.copyOf(gz, gz.length / 2);
    assertThatThrownBy(() -> apply(cut, layer()))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("invalid layer archive: unexpected end of gzip stream");
  }

  @Test
  void corrupt_gzip_is_an_invalid_argument() throws Exception {
    byte[] gz = TarBuilder.gzip(new TarBuilder().file("a", "hello world").tar());
    for (int i = 12; i < gz.length - 8; i++) gz[i] ^= 0x5a;
    assertThatThrownBy(() -> apply(gz, layer()))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageStartingWith("invalid layer archive: corrupt gzip stream");
  }

  @Test
  void truncated_zstd_is_an_invalid_argument() throws Exception {
    byte[] z = TarBuilder.zstd(new TarBuilder().file("a", "abc".repeat(50_000)).tar());
    assertThatThrownBy(() -> apply(Arrays.copyOf(z, z.length - 10), layer()))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageStartingWith("invalid layer archive:")
        .hasMessageContaining("zstd");
  }

  @Test
  void truncated_tar_is_an_invalid_argument() throws Exception {
    byte[] tar = new TarBuilder().file("a", "x".repeat(5000)).tar();
    assertThatThrownBy(() -> apply(Arrays.copyOf(tar, 512 + 1000), layer()))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("unexpected end of tar stream");
    assertThatThrownBy(() -> apply(Arrays.copyOf(tar, 300), layer()))
        .isInstanceOf(BerthException.InvalidArgument.class);
  }

  @Test
  void garbage_is_not_a_tar_archive() throws Exception {
    byte[] text = "this is not a tar archive at all\n".repeat(100).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> apply(text, layer())).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageStartingWith("invalid layer archive:");
    assertThatThrownBy(() -> apply("hello".getBytes(StandardCharsets.UTF_8), layer()))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("invalid layer archive: not a tar archive");
  }

  @Test
  void negative_and_huge_sizes_are_refused() throws Exception {
    byte[] tar = new TarBuilder().file("a", "small").tar();
    assertThatThrownBy(() -> apply(TarBuilder.withFirstSize(tar, "-0000000001"), layer()))
        .isInstanceOf(BerthException.InvalidArgument.class);
    Path dir = Files.createDirectories(tmp.resolve("huge"));
    assertThatThrownBy(() -> apply(TarBuilder.withFirstSize(tar, "77777777777"), dir))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("unexpected end");
  }

  @Test
  void empty_tar_is_an_empty_layer() throws Exception {
    byte[] tar = new TarBuilder().tar();
    Path dir = layer();
    AppliedLayer applied = apply(tar, dir);
    assertThat(applied.diffId()).isEqualTo(Digest.sha256(tar));
    try (var s = Files.list(dir)) {
      assertThat(s).isEmpty();
    }
  }
}
