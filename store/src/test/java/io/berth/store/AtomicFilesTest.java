package io.berth.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void write_replaces_content_and_leaves_no_temporary_files() throws IOException {
    Path target = dir.resolve("sub/config.json");
    AtomicFiles.write(target, "one".getBytes());
    AtomicFiles.write(target, "two".getBytes());
    assertThat(Files.readString(target)).isEqualTo("two");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
    try (Stream<Path> s = Files.list(target.getParent())) {
      assertThat(s.toList()).containsExactly(target);
    }
  }

  @Test
  void write_with_mode_sets_permissions() throws IOException {
    Path target = dir.resolve("secret");
    AtomicFiles.write(target, "x".getBytes(), PosixFilePermissions.fromString("rw-------"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
  }

  @Test
  void delete_recursively_never_follows_symlinks() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "precious");
    Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
    Files.writeString(tree.resolve("file"), "x");
    Files.createSymbolicLink(tree.resolve("link-to-dir"), outside);
    Files.createSymbolicLink(dir.resolve("tree/link-to-file"), outside.resolve("keep"));
    Files.createSymbolicLink(dir.resolve("tree/dangling"), dir.resolve("nowhere"));

    AtomicFiles.deleteRecursively(dir.resolve("tree"));

    assertThat(dir.resolve("tree")).doesNotExist();
    assertThat(Files.readString(outside.resolve("keep"))).isEqualTo("precious");
  }

  @Test
  void delete_recursively_of_a_symlink_removes_only_the_link() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "precious");
    Path link = Files.createSymbolicLink(dir.resolve("link"), outside);
    AtomicFiles.deleteRecursively(link);
    assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(outside.resolve("keep")).exists();
  }

  @Test
  void delete_recursively_refuses_to_cross_a_mount_point() throws Exception {
    Path mnt = Files.createDirectories(dir.resolve("tree/mnt"));
    org.junit.jupiter.api.Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "berth-test", mnt.toString()) == 0,
        "needs root to mount a tmpfs");
    try {
      Files.writeString(mnt.resolve("inside"), "precious");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> AtomicFiles.deleteRecursively(dir.resolve("tree")))
          .isInstanceOf(IOException.class).hasMessageContaining("mount point");
      assertThat(mnt.resolve("inside")).exists();
    } finally {
      run("umount", mnt.toString());
    }
  }

  private static int run(String... cmd) throws Exception {
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start().waitFor();
  }

  @Test
  void delete_recursively_ignores_absent_paths_and_deletes_plain_files() throws IOException {
    AtomicFiles.deleteRecursively(dir.resolve("absent"));
    Path f = Files.writeString(dir.resolve("f"), "x");
    AtomicFiles.deleteRecursively(f);
    assertThat(f).doesNotExist();
  }
}
