package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeCopyUpTest {
  @TempDir Path tmp;

  @Test
  void symlinks_resolve_inside_the_root_and_never_leave_it() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.createDirectories(root.resolve("real/data"));
    Files.createSymbolicLink(root.resolve("abs"), Path.of("/real"));
    Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../real"));
    Files.createSymbolicLink(root.resolve("loop"), Path.of("/loop"));
    assertThat(VolumeCopyUp.resolveInRoot(root, "/abs/data")).contains(root.resolve("real/data"));
    assertThat(VolumeCopyUp.resolveInRoot(root, "/up/data")).contains(root.resolve("real/data"));
    assertThat(VolumeCopyUp.resolveInRoot(root, "/../../real/./data/")).contains(root.resolve("real/data"));
    assertThat(VolumeCopyUp.resolveInRoot(root, "/missing/x")).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> VolumeCopyUp.resolveInRoot(root, "/loop/x"))
        .hasMessageContaining("symbolic links");
  }

  @Test
  void copy_keeps_content_owners_modes_and_links_and_fills_only_an_empty_volume() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path data = Files.createDirectories(root.resolve("data"));
    Files.writeString(data.resolve("f"), "hello");
    Files.setPosixFilePermissions(data.resolve("f"), PosixFilePermissions.fromString("rw-r-----"));
    UserPrincipalLookupService users = tmp.getFileSystem().getUserPrincipalLookupService();
    Files.setOwner(data.resolve("f"), users.lookupPrincipalByName("nobody"));
    Files.createSymbolicLink(data.resolve("passwd"), Path.of("/etc/passwd"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwx---"));
    Path volume = Files.createDirectories(tmp.resolve("vol/_data"));

    VolumeCopyUp.copy(root, "/data", volume);

    assertThat(volume.resolve("f")).hasContent("hello");
    assertThat(Files.getOwner(volume.resolve("f")).getName()).isEqualTo("nobody");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(volume.resolve("f")))).isEqualTo("rw-r-----");
    assertThat(Files.isSymbolicLink(volume.resolve("passwd"))).isTrue();
    assertThat(Files.readSymbolicLink(volume.resolve("passwd"))).isEqualTo(Path.of("/etc/passwd"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(volume, LinkOption.NOFOLLOW_LINKS)))
        .isEqualTo("rwxrwx---");

    Files.writeString(data.resolve("g"), "later");
    VolumeCopyUp.copy(root, "/data", volume);
    assertThat(volume.resolve("g")).doesNotExist();
  }

  @Test
  void an_image_symlink_to_a_host_path_copies_from_inside_the_root() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path hostSecret = Files.createDirectories(tmp.resolve("secret"));
    Files.writeString(hostSecret.resolve("key"), "host only");
    Files.createSymbolicLink(root.resolve("data"), hostSecret);
    Path volume = Files.createDirectories(tmp.resolve("vol/_data"));
    VolumeCopyUp.copy(root, "/data", volume);
    try (var s = Files.list(volume)) {
      assertThat(s).isEmpty();
    }
  }
}
