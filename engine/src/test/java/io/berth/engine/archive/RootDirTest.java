package io.berth.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.sys.ErrnoException;
import io.berth.engine.sys.Fds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lookups in a container root stay inside it: absolute and relative symlinks, "..", loops, symlinks
 * in the middle of a path, and objects swapped after they were found. The "host" is a sibling
 * directory of the root with the same layout, so an escape would land in it.
 */
class RootDirTest {
  @TempDir Path tmp;
  Path root;
  Path host;
  RootDir dir;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("a/b/root"));
    host = tmp; // everything above the root plays the host
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "container\n");
    Files.createDirectories(tmp.resolve("etc"));
    Files.writeString(tmp.resolve("etc/passwd"), "host\n");
    Files.createDirectories(root.resolve("d/sub"));
    Files.writeString(root.resolve("d/f"), "f\n");
    Files.createSymbolicLink(root.resolve("out"), Path.of("/"));
    Files.createSymbolicLink(root.resolve("esc"), Path.of("../../../etc")); // tmp/etc for the kernel
    Files.createSymbolicLink(root.resolve("abs"), Path.of("/../../../etc"));
    Files.createSymbolicLink(root.resolve("lnk"), Path.of("/d"));
    Files.createSymbolicLink(root.resolve("d/rel"), Path.of("f"));
    Files.createSymbolicLink(root.resolve("dang"), Path.of("/nonexist/x"));
    Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
    Files.createSymbolicLink(root.resolve("loop2"), Path.of("/loop1"));
    dir = RootDir.open(root);
  }

  @AfterEach
  void tearDown() {
    dir.close();
  }

  private String content(RootDir.Found f) throws IOException {
    return Files.readString(f.proc());
  }

  @Test
  void plain_paths_resolve_to_their_canonical_form() throws IOException {
    try (var f = dir.lookup("/d/./sub/../f", false)) {
      assertThat(f.stat().isRegular()).isTrue();
      assertThat(f.absolutePath()).isEqualTo("/d/f");
      assertThat(content(f)).isEqualTo("f\n");
    }
    try (var r = dir.lookup("/", false)) {
      assertThat(r.path()).isEmpty();
      assertThat(r.absolutePath()).isEqualTo("/");
      assertThat(r.stat().isDirectory()).isTrue();
    }
  }

  @Test
  void dot_dot_stops_at_the_root() throws IOException {
    try (var f = dir.lookup("/../../../../etc/passwd", false)) {
      assertThat(content(f)).isEqualTo("container\n");
      assertThat(f.absolutePath()).isEqualTo("/etc/passwd");
    }
    try (var f = dir.lookup("d/../../../etc/passwd", false)) {
      assertThat(content(f)).isEqualTo("container\n");
    }
  }

  @Test
  void absolute_symlinks_restart_at_the_root() throws IOException {
    try (var f = dir.lookup("/out/etc/passwd", false)) {
      assertThat(content(f)).isEqualTo("container\n");
    }
    try (var f = dir.lookup("/out/out/out/../etc/passwd", false)) {
      assertThat(content(f)).isEqualTo("container\n");
    }
    try (var f = dir.lookup("/abs/passwd", false)) {
      assertThat(content(f)).isEqualTo("container\n");
      assertThat(f.absolutePath()).isEqualTo("/etc/passwd");
    }
  }

  @Test
  void relative_symlinks_cannot_climb_out() throws IOException {
    try (var f = dir.lookup("/esc/passwd", false)) {
      assertThat(content(f)).isEqualTo("container\n");
    }
    try (var f = dir.lookup("/d/sub/../../esc/passwd", true)) {
      assertThat(content(f)).isEqualTo("container\n");
    }
  }

  @Test
  void the_last_symlink_is_followed_only_when_asked() throws IOException {
    try (var link = dir.lookup("/lnk", false)) {
      assertThat(link.stat().isSymlink()).isTrue();
      assertThat(link.absolutePath()).isEqualTo("/lnk");
      assertThat(Fds.readlink(link.fd())).isEqualTo("/d");
    }
    try (var target = dir.lookup("/lnk", true)) {
      assertThat(target.stat().isDirectory()).isTrue();
      assertThat(target.absolutePath()).isEqualTo("/d");
    }
    try (var viaSlash = dir.lookup("/lnk/", true)) {
      assertThat(viaSlash.absolutePath()).isEqualTo("/d");
    }
    try (var inner = dir.lookup("/lnk/rel", true)) {
      assertThat(inner.absolutePath()).isEqualTo("/d/f");
    }
  }

  @Test
  void loops_fail_with_eloop() {
    assertThatThrownBy(() -> dir.lookup("/loop1", true))
        .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Fds.ELOOP));
    assertThatThrownBy(() -> dir.lookup("/loop1/x", false))
        .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Fds.ELOOP));
  }

  @Test
  void missing_and_non_directory_components_fail_like_the_kernel() {
    assertThatThrownBy(() -> dir.lookup("/nope/x", false))
        .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Fds.ENOENT));
    assertThatThrownBy(() -> dir.lookup("/d/f/x", false))
        .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Fds.ENOTDIR));
    assertThatThrownBy(() -> dir.lookup("/d/f/", true))
        .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Fds.ENOTDIR));
    assertThatThrownBy(() -> dir.lookup("/dang", true))
        .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Fds.ENOENT));
  }

  @Test
  void canonical_resolves_what_exists_and_keeps_the_rest() throws IOException {
    assertThat(dir.canonical("/esc")).isEqualTo("/etc");
    assertThat(dir.canonical("/d/rel")).isEqualTo("/d/f");
    assertThat(dir.canonical("/dang")).isEqualTo("/nonexist/x");
    assertThat(dir.canonical("/lnk/missing/../f")).isEqualTo("/d/f");
    assertThat(dir.canonical("/out/out")).isEqualTo("/");
  }

  @Test
  void mkdirs_creates_inside_the_root_even_through_escaping_links() throws IOException {
    try (var made = dir.mkdirs("/esc/new/deeper")) {
      assertThat(made.absolutePath()).isEqualTo("/etc/new/deeper");
    }
    try (var made = dir.mkdirs("/dang")) {
      assertThat(made.absolutePath()).isEqualTo("/nonexist/x");
    }
    assertThat(root.resolve("etc/new/deeper")).isDirectory();
    assertThat(root.resolve("nonexist/x")).isDirectory();
    assertThat(host.resolve("etc/new")).doesNotExist();
    assertThat(Path.of("/nonexist")).doesNotExist();
  }

  @Test
  void a_found_directory_stays_the_same_directory_when_its_name_is_swapped_for_a_symlink() throws IOException {
    try (var d = dir.lookup("/d/sub", true)) {
      // What a container process racing us would do: move the directory away, put a link in its place.
      Files.move(root.resolve("d/sub"), root.resolve("moved"));
      Files.createSymbolicLink(root.resolve("d/sub"), host.resolve("etc"));
      Files.writeString(d.proc().resolve("written"), "x");
    }
    assertThat(root.resolve("moved/written")).exists();
    assertThat(host.resolve("etc/written")).doesNotExist();
  }

  @Test
  void descriptors_are_released() throws IOException {
    long before = openFds();
    for (int i = 0; i < 50; i++) {
      try (var f = dir.lookup("/out/esc/../lnk/rel", true)) {
        assertThat(f.absolutePath()).isEqualTo("/d/f");
      }
      assertThatThrownBy(() -> dir.lookup("/lnk/nope/x", true)).isInstanceOf(ErrnoException.class);
      dir.canonical("/dang");
    }
    assertThat(openFds()).isLessThanOrEqualTo(before);
  }

  private static long openFds() throws IOException {
    try (var s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    }
  }
}
