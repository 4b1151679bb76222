package io.berth.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.sys.Linux;
import io.berth.oci.errors.BerthException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archiving from and extracting into a container root ({@link TreeTar}, {@link TreeUntar}) with Docker's rules. */
class TreeArchiveTest {
  @TempDir Path tmp;
  Path root;
  Path outside;
  RootDir dir;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("root"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("victim"), "host\n");
    Files.createDirectories(root.resolve("d/sub"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
    Files.writeString(root.resolve("etc/group"), "root:x:0:\napp:x:1000:\n");
    Files.writeString(root.resolve("d/f"), "hello\n");
    Files.writeString(root.resolve("d/sub/g"), "g\n");
    Files.createLink(root.resolve("d/hard"), root.resolve("d/f"));
    Files.createSymbolicLink(root.resolve("d/rel"), Path.of("f"));
    Files.createSymbolicLink(root.resolve("out"), Path.of("/"));
    // For the kernel "up" is tmp/outside; in the container it is /outside.
    Files.createDirectories(root.resolve("outside"));
    Files.createSymbolicLink(root.resolve("up"), Path.of("../outside"));
    dir = RootDir.open(root);
  }

  @AfterEach
  void tearDown() {
    dir.close();
  }

  private Map<String, TarArchiveEntry> archive(String path, boolean followLast, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var f = dir.lookup(path, followLast)) {
      TreeTar.write(dir, f, name, out);
    }
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    try (var in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) entries.put(e.getName(), e);
    }
    return entries;
  }

  private void extract(String dest, byte[] tar) throws IOException {
    extract(dest, tar, false, Optional.empty());
  }

  private void extract(String dest, byte[] tar, boolean noOverwrite, Optional<TreeUntar.Owner> owner) throws IOException {
    try (var d = dir.lookup(dest, true)) {
      TreeUntar.extract(dir, d, new ByteArrayInputStream(tar), noOverwrite, owner);
    }
  }

  @Test
  void a_directory_is_archived_under_its_name_in_walk_order() throws IOException {
    var entries = archive("/d", false, "d");
    assertThat(entries.keySet()).containsExactly("d/", "d/f", "d/hard", "d/rel", "d/sub/", "d/sub/g");
    assertThat(entries.get("d/hard").isLink()).isTrue();
    assertThat(entries.get("d/hard").getLinkName()).isEqualTo("d/f");
    assertThat(entries.get("d/rel").isSymbolicLink()).isTrue();
    assertThat(entries.get("d/rel").getLinkName()).isEqualTo("f");
    assertThat(entries.get("d/f").getSize()).isEqualTo(6);
    assertThat(entries.get("d/f").getModTime().getTime() % 1000).isZero();
  }

  @Test
  void contents_and_root_archives_use_dockers_names() throws IOException {
    assertThat(archive("/d/.", false, ".").keySet()).startsWith("./", "./f");
    var rootEntries = archive("/", false, "/").keySet();
    assertThat(rootEntries).startsWith("/").contains("/d/f", "/etc/passwd");
  }

  @Test
  void owner_names_come_from_the_containers_files() throws IOException {
    Assumptions.assumeTrue(Linux.isRoot(), "chown needs root");
    Linux.lchown(root.resolve("d/f"), 1000, 1000);
    var f = archive("/d/f", false, "f").get("f");
    assertThat(f.getUserName()).isEqualTo("app");
    assertThat(f.getGroupName()).isEqualTo("app");
    assertThat(f.getLongUserId()).isEqualTo(1000);
  }

  @Test
  void an_unfollowed_symlink_is_archived_as_a_link() throws IOException {
    var entries = archive("/up", false, "up");
    assertThat(entries).hasSize(1);
    assertThat(entries.get("up").isSymbolicLink()).isTrue();
  }

  @Test
  void archiving_through_escaping_links_reads_the_containers_files() throws IOException {
    Files.writeString(root.resolve("outside/inside"), "container\n");
    var entries = archive("/up/", true, "up");
    assertThat(entries.keySet()).containsExactly("up/", "up/inside");
  }

  @Test
  void extraction_writes_files_dirs_links_and_modes() throws IOException {
    byte[] tar = new TarBuilder()
        .dir("new", 0750)
        .file("new/a", "A", 04755, 0, 0)
        .symlink("new/l", "a")
        .tar();
    extract("/d", tar);
    Path n = root.resolve("d/new");
    assertThat(Files.readString(n.resolve("a"))).isEqualTo("A");
    assertThat((int) Files.getAttribute(n.resolve("a"), "unix:mode") & 07777).isEqualTo(04755);
    assertThat((int) Files.getAttribute(n, "unix:mode") & 07777).isEqualTo(0750);
    assertThat(Files.readSymbolicLink(n.resolve("l"))).isEqualTo(Path.of("a"));
    assertThat(Files.getLastModifiedTime(n)).isEqualTo(TarBuilder.MTIME);
    extract("/d", new TarBuilder().hardlink("new/h", "new/a").tar());
    assertThat(Files.getAttribute(n.resolve("h"), "unix:ino")).isEqualTo(Files.getAttribute(n.resolve("a"), "unix:ino"));
  }

  @Test
  void a_symlink_from_the_archive_cannot_carry_later_entries_out_of_the_root() throws IOException {
    byte[] tar = new TarBuilder()
        .symlink("esc", "/")
        .file("esc/" + outside.toString().substring(1) + "/victim", "pwned")
        .symlink("up2", "../../../../../../../../..")
        .file("up2/" + outside.toString().substring(1) + "/victim2", "pwned")
        .tar();
    // "up2" is refused by Docker's symlink check only when it climbs out of the destination; the
    // absolute "/" link is allowed, and the file under it lands inside the root.
    assertThatThrownBy(() -> extract("/d", tar)).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("invalid symlink");
    assertThat(Files.readString(outside.resolve("victim"))).isEqualTo("host\n");
    assertThat(root.resolve(outside.toString().substring(1) + "/victim")).hasContent("pwned");
    assertThat(outside.resolve("victim2")).doesNotExist();
  }

  @Test
  void destinations_and_parents_resolve_in_the_root() throws IOException {
    extract("/up", new TarBuilder().file("x", "1").tar());
    extract("/out/d/sub", new TarBuilder().file("y/z", "2").tar());
    assertThat(root.resolve("outside/x")).hasContent("1");
    assertThat(root.resolve("d/sub/y/z")).hasContent("2");
    assertThat(outside.resolve("x")).doesNotExist();
  }

  @Test
  void names_climbing_out_of_the_destination_are_refused() {
    byte[] tar = new TarBuilder().file("../../x", "1").tar();
    assertThatThrownBy(() -> extract("/d", tar)).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("Error processing tar file: \"../../x\" is outside of the extraction directory");
    byte[] hard = new TarBuilder().hardlink("h", "../etc/passwd").tar();
    assertThatThrownBy(() -> extract("/d", hard)).isInstanceOf(BerthException.InvalidArgument.class);
  }

  @Test
  void existing_objects_are_replaced_unless_both_are_directories() throws IOException {
    extract("/d", new TarBuilder().file("sub", "now a file").dir("rel", 0755).tar());
    assertThat(root.resolve("d/sub")).hasContent("now a file");
    assertThat(Files.isDirectory(root.resolve("d/rel"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(root.resolve("d/f")).hasContent("hello\n"); // the symlink was replaced, not followed
  }

  @Test
  void no_overwrite_dir_non_dir_refuses_with_dockers_text() {
    byte[] tar = new TarBuilder().file("sub", "file").tar();
    assertThatThrownBy(() -> extract("/d", tar, true, Optional.empty()))
        .hasMessage("Error processing tar file: cannot overwrite directory \"/d/sub\" with non-directory \"/d\"");
    byte[] dirOverFile = new TarBuilder().dir("f", 0755).tar();
    assertThatThrownBy(() -> extract("/d", dirOverFile, true, Optional.empty()))
        .hasMessage("Error processing tar file: cannot overwrite non-directory \"/d/f\" with directory \"/d\"");
  }

  @Test
  void owners_come_from_the_archive_or_the_given_owner() throws IOException {
    Assumptions.assumeTrue(Linux.isRoot(), "chown needs root");
    extract("/d", new TarBuilder().file("own", "x", 0644, 123, 456).tar());
    assertThat(Files.getAttribute(root.resolve("d/own"), "unix:uid")).isEqualTo(123);
    extract("/d", new TarBuilder().file("mapped", "x", 0644, 123, 456).tar(), false,
        Optional.of(new TreeUntar.Owner(1000, 1000)));
    assertThat(Files.getAttribute(root.resolve("d/mapped"), "unix:uid")).isEqualTo(1000);
    assertThat(Files.getAttribute(root.resolve("d/mapped"), "unix:gid")).isEqualTo(1000);
  }

  @Test
  void truncated_and_garbage_archives_are_refused_and_empty_ones_accepted() throws IOException {
    assertThatThrownBy(() -> extract("/d", "garbage\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("Error processing tar file: unexpected EOF");
    byte[] full = new TarBuilder().file("big", "0123456789".repeat(100)).tar();
    byte[] cut = java.util.Arrays.copyOf(full, 700);
    assertThatThrownBy(() -> extract("/d", cut)).isInstanceOf(BerthException.InvalidArgument.class);
    extract("/d", new byte[0]);
  }

  @Test
  void gzip_and_bzip2_archives_are_accepted() throws IOException {
    byte[] tar = new TarBuilder().file("gz", "1").tar();
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write(tar);
    }
    extract("/d", gz.toByteArray());
    ByteArrayOutputStream bz = new ByteArrayOutputStream();
    try (var out = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(bz)) {
      out.write(new TarBuilder().file("bz", "2").tar());
    }
    extract("/d", bz.toByteArray());
    assertThat(root.resolve("d/gz")).hasContent("1");
    assertThat(root.resolve("d/bz")).hasContent("2");
  }

  @Test
  void round_trip_keeps_the_tree() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var f = dir.lookup("/d", false)) {
      TreeTar.write(dir, f, "copy", out);
    }
    extract("/etc", out.toByteArray());
    List<String> names = new ArrayList<>();
    try (var s = Files.walk(root.resolve("etc/copy"))) {
      s.forEach(p -> names.add(root.resolve("etc/copy").relativize(p).toString()));
    }
    assertThat(names).containsExactlyInAnyOrder("", "f", "hard", "rel", "sub", "sub/g");
    assertThat(Files.readSymbolicLink(root.resolve("etc/copy/rel"))).isEqualTo(Path.of("f"));
  }
}
