package io.berth.engine.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxTest {
  @TempDir Path tmp;

  @Test
  void makedev_round_trips_major_and_minor() {
    assertThat(Linux.makedev(0, 0)).isZero();
    assertThat(Linux.makedev(1, 3)).isEqualTo(0x103L); // /dev/null
    long dev = Linux.makedev(4095 + 7, 1 << 20);
    assertThat(Linux.major(dev)).isEqualTo(4095 + 7);
    assertThat(Linux.minor(dev)).isEqualTo(1 << 20);
  }

  @Test
  void strerror_gives_the_c_library_text() {
    assertThat(Linux.strerror(Linux.ENOENT)).isEqualTo("No such file or directory");
    assertThat(Linux.strerror(Linux.EINVAL)).isEqualTo("Invalid argument");
  }

  @Test
  void failed_mount_names_call_path_and_strerror() {
    Path missing = tmp.resolve("missing");
    assertThatThrownBy(() -> Linux.mount("overlay", missing, "overlay", 0, "lowerdir=/nonexistent"))
        .isInstanceOf(ErrnoException.class)
        .hasMessage("mount overlay on " + missing + ": No such file or directory")
        .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Linux.ENOENT));
  }

  @Test
  void umount_of_a_plain_directory_is_einval() {
    assertThatThrownBy(() -> Linux.umount2(tmp, Linux.MNT_DETACH))
        .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Linux.EINVAL));
  }

  @Test
  void statfs_reports_the_filesystem_magic() throws Exception {
    assertThat(Linux.statfsType(Path.of("/proc"))).isEqualTo(0x9fa0L); // PROC_SUPER_MAGIC
    assertThatThrownBy(() -> Linux.statfsType(tmp.resolve("nope")))
        .hasMessageStartingWith("statfs " + tmp.resolve("nope"));
  }

  @Test
  void xattrs_round_trip_and_absent_is_empty() throws Exception {
    Path f = Files.createFile(tmp.resolve("f"));
    assertThat(Linux.lgetxattr(f, "user.berth")).isEmpty();
    Linux.lsetxattr(f, "user.berth", "v\u00e9".getBytes(StandardCharsets.UTF_8), 0);
    assertThat(Linux.lgetxattr(f, "user.berth")).hasValueSatisfying(
        v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("v\u00e9"));
    Linux.lsetxattr(f, "user.empty", new byte[0], 0);
    assertThat(Linux.lgetxattr(f, "user.empty")).hasValueSatisfying(v -> assertThat(v).isEmpty());
  }

  @Test
  void trusted_overlay_opaque_can_be_set_as_root() throws Exception {
    Path d = Files.createDirectory(tmp.resolve("d"));
    Linux.lsetxattr(d, "trusted.overlay.opaque", new byte[] {'y'}, 0);
    assertThat(Linux.lgetxattr(d, "trusted.overlay.opaque")).hasValue(new byte[] {'y'});
  }

  @Test
  void mknod_makes_devices_and_fifos() throws Exception {
    Path c = tmp.resolve("null");
    Linux.mknod(c, Linux.S_IFCHR | 0666, Linux.makedev(1, 3));
    Map<String, Object> a = Files.readAttributes(c, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
    assertThat((Integer) a.get("mode") & Linux.S_IFMT).isEqualTo(Linux.S_IFCHR);
    assertThat((Long) a.get("rdev")).isEqualTo(Linux.makedev(1, 3));
    Path fifo = tmp.resolve("fifo");
    Linux.mknod(fifo, Linux.S_IFIFO | 0600, 0);
    assertThat(Files.readAttributes(fifo, "unix:mode", LinkOption.NOFOLLOW_LINKS).get("mode"))
        .isEqualTo(Linux.S_IFIFO | 0600);
    assertThatThrownBy(() -> Linux.mknod(fifo, Linux.S_IFIFO | 0600, 0))
        .hasMessage("mknod " + fifo + ": File exists");
  }

  @Test
  void chmod_sets_setuid_and_sticky_and_lchown_does_not_follow_links() throws Exception {
    Path f = Files.createFile(tmp.resolve("f"));
    Linux.chmod(f, 04755);
    assertThat(Files.getAttribute(f, "unix:mode")).isEqualTo(Linux.S_IFREG | 04755);
    Path link = Files.createSymbolicLink(tmp.resolve("l"), f);
    Linux.lchown(link, 1234, 5678);
    assertThat(Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1234);
    assertThat(Files.getAttribute(f, "unix:uid")).isEqualTo(0);
  }

  @Test
  void geteuid_is_root_here() {
    assertThat(Linux.isRoot()).isTrue();
  }
}
