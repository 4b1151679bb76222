package io.berth.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.snapshot.Mounts;
import io.berth.engine.snapshot.Snapshotter;
import io.berth.engine.sys.Linux;
import io.berth.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The changes and the commit layer of a container's upper directory, made by the kernel's overlayfs:
 * a script of file operations runs on a real overlay mount (root only), then the upper directory is
 * read. The expected changes are what dockerd 20.10 (overlay2) printed for the same operations.
 */
class OverlayChangesTest {
  private static final FileTime T = FileTime.fromMillis(1_700_000_000_000L);

  @TempDir Path tmp;
  private final List<Path> mounted = new ArrayList<>();

  @BeforeEach
  void root() {
    Assumptions.assumeTrue(Linux.isRoot(), "overlay mounts, whiteouts and trusted.* xattrs need root");
  }

  @AfterEach
  void unmount() throws IOException {
    for (Path p : mounted.reversed()) Mounts.unmount(p);
  }

  /** bottom: a small rootfs; top: one more file, and a whiteout of a bottom file. */
  private List<Path> lowers() throws IOException {
    Path bottom = Files.createDirectories(tmp.resolve("bottom"));
    for (String d : List.of("etc", "home", "tmp", "usr/bin", "usr/sbin", "var/spool", "root")) {
      Files.createDirectories(bottom.resolve(d));
    }
    write(bottom, "etc/passwd", "root:x:0:0::/root:/bin/sh\n");
    write(bottom, "etc/group", "root:x:0:\n");
    write(bottom, "etc/shadow", "root:*:1::::::\n");
    write(bottom, "etc/hosts", "127.0.0.1 localhost\n");
    write(bottom, "usr/bin/a", "a");
    write(bottom, "usr/sbin/b", "b");
    write(bottom, "var/spool/x", "x");
    write(bottom, "old", "gone in the top layer");
    Path top = Files.createDirectories(tmp.resolve("top"));
    Files.createDirectories(top.resolve("etc"));
    write(top, "etc/extra", "e");
    Linux.mknod(top.resolve("old"), Linux.S_IFCHR, Linux.makedev(0, 0));
    return List.of(top, bottom);
  }

  private Path mount(List<Path> lowers, Path upper) throws IOException {
    Path work = Files.createDirectories(tmp.resolve("work-" + upper.getFileName()));
    Path merged = Files.createDirectories(tmp.resolve("merged-" + upper.getFileName()));
    String lowerdir = String.join(":", lowers.stream().map(Path::toString).toList());
    Mounts.mountAll(List.of(new Snapshotter.Mount("overlay", "overlay",
        List.of("lowerdir=" + lowerdir, "upperdir=" + upper, "workdir=" + work))), merged);
    mounted.add(merged);
    return merged;
  }

  /** The script of the docker comparison: add, modify, delete, rename, rm -rf and recreate, links. */
  private static void script(Path root) throws IOException {
    write(root, "tmp/added", "new\n");
    Files.createDirectories(root.resolve("home/x/y/z"));
    write(root, "home/x/y/z/f", "deep\n");
    Files.writeString(root.resolve("etc/passwd"), "mod\n", StandardOpenOption.APPEND);
    Files.delete(root.resolve("etc/shadow"));
    Files.move(root.resolve("etc/group"), root.resolve("etc/group2"));
    deleteTree(root.resolve("var/spool"));
    deleteTree(root.resolve("usr"));
    Files.createDirectory(root.resolve("usr"));
    write(root, "usr/file", "u\n");
    Files.createSymbolicLink(root.resolve("tmp/link"), Path.of("/tmp/added"));
    Files.createLink(root.resolve("tmp/hard"), root.resolve("tmp/added"));
    // opened for writing, nothing written: overlay copies it up, but it is not a change
    Files.newOutputStream(root.resolve("etc/hosts"), StandardOpenOption.APPEND).close();
  }

  @Test
  void changes_of_a_script_match_dockerd() throws IOException {
    List<Path> lowers = lowers();
    Path upper = Files.createDirectories(tmp.resolve("upper"));
    script(mount(lowers, upper));
    assertThat(Files.exists(upper.resolve("etc/hosts"), LinkOption.NOFOLLOW_LINKS)).as("copied up").isTrue();

    assertThat(lines(OverlayChanges.of(upper, lowers))).containsExactly(
        "C /etc", "D /etc/group", "A /etc/group2", "C /etc/passwd", "D /etc/shadow",
        "C /home", "A /home/x", "A /home/x/y", "A /home/x/y/z", "A /home/x/y/z/f",
        "C /tmp", "A /tmp/added", "A /tmp/hard", "A /tmp/link",
        "C /usr", "D /usr/bin", "A /usr/file", "D /usr/sbin",
        "C /var", "D /var/spool");
  }

  @Test
  void a_whiteout_of_a_path_the_lowers_hide_already_is_no_change_and_a_recreated_file_is_modified() throws IOException {
    List<Path> lowers = lowers();
    Path upper = Files.createDirectories(tmp.resolve("upper"));
    Path root = mount(lowers, upper);
    write(root, "old", "back again"); // hidden by the top layer's whiteout: added
    Files.delete(root.resolve("etc/extra"));
    write(root, "etc/extra", "e2"); // replaced by another file: modified
    assertThat(lines(OverlayChanges.of(upper, lowers))).containsExactly("C /etc", "C /etc/extra", "A /old");
  }

  @Test
  void runtime_mount_points_missing_from_the_image_are_not_changes() throws IOException {
    Path lower = Files.createDirectories(tmp.resolve("lower"));
    write(lower, "bin", "");
    Path upper = Files.createDirectories(tmp.resolve("upper"));
    // what runc leaves in an image without them: empty mount points
    Files.createDirectories(upper.resolve("proc"));
    Files.createDirectories(upper.resolve("dev/pts"));
    Files.createDirectories(upper.resolve("etc"));
    write(upper, "etc/hosts", "");
    write(upper, "etc/resolv.conf", "");
    write(upper, "etc/motd", "hello");
    assertThat(lines(OverlayChanges.of(upper, List.of(lower)))).containsExactly("C /etc", "A /etc/motd");

    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    UpperDirTar.write(upper, List.of(lower), tar);
    assertThat(entries(tar.toByteArray()).keySet()).containsExactly("etc/", "etc/motd");
  }

  @Test
  void commit_layer_applied_over_the_lowers_shows_the_containers_tree() throws IOException {
    List<Path> lowers = lowers();
    Path upper = Files.createDirectories(tmp.resolve("upper"));
    Path container = mount(lowers, upper);
    script(container);
    Linux.lsetxattr(upper.resolve("tmp/added"), "user.note", "kept".getBytes(StandardCharsets.UTF_8), 0);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = UpperDirTar.write(upper, lowers, out);
    byte[] tar = out.toByteArray();
    Map<String, TarArchiveEntry> entries = entries(tar);
    assertThat(entries).hasSize(n);
    assertThat(entries.keySet()).contains("etc/.wh.group", "etc/.wh.shadow", "usr/.wh..wh..opq", "var/.wh.spool",
        "tmp/added", "tmp/hard").doesNotContain("usr/bin/", "var/spool/");
    assertThat(entries.get("etc/.wh.shadow").isFile()).isTrue();
    assertThat(entries.get("etc/.wh.shadow").getMode() & 07777).isEqualTo(0600);
    assertThat(entries.get("tmp/hard").isLink()).isTrue();
    assertThat(entries.get("tmp/hard").getLinkName()).isEqualTo("tmp/added");
    assertThat(entries.get("tmp/link").getLinkName()).isEqualTo("/tmp/added");
    assertThat(entries.get("tmp/added").getExtraPaxHeaders())
        .containsEntry("SCHILY.xattr.user.note", "kept").containsKey("LIBARCHIVE.xattr.user.note");
    assertThat(entries.get("usr/").getExtraPaxHeaders().keySet()).noneMatch(k -> k.contains("overlay"));

    // The layer as an image layer: unpacked on its own, stacked on the lowers, read-only.
    Path layer = Files.createDirectories(tmp.resolve("layer"));
    AppliedLayer applied = LayerApplier.apply(new ByteArrayInputStream(tar), layer);
    assertThat(applied.diffId()).isEqualTo(Digest.sha256(tar));
    List<Path> image = new ArrayList<>(List.of(layer));
    image.addAll(lowers);
    Path view = Files.createDirectories(tmp.resolve("image-view"));
    Mounts.mountAll(List.of(new Snapshotter.Mount("overlay", "overlay",
        List.of("lowerdir=" + String.join(":", image.stream().map(Path::toString).toList())))), view);
    mounted.add(view);
    assertThat(tree(view)).isEqualTo(tree(container));
  }

  @Test
  void an_unchanged_container_gives_docker_s_empty_layer() throws IOException {
    Path upper = Files.createDirectories(tmp.resolve("upper"));
    List<Path> lowers = lowers();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(UpperDirTar.write(upper, lowers, out)).isZero();
    assertThat(out.toByteArray()).hasSize(1024);
    assertThat(Digest.sha256(out.toByteArray()))
        .hasToString("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef");
    assertThat(OverlayChanges.of(upper, lowers)).isEmpty();
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private static List<String> lines(List<Change> changes) {
    return changes.stream().map(c -> c.kind().letter() + " " + c.path()).toList();
  }

  private static void write(Path root, String rel, String content) throws IOException {
    Path p = root.resolve(rel);
    Files.writeString(p, content);
    if (!root.toString().contains("merged")) Files.setLastModifiedTime(p, T);
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
    }
  }

  private static Map<String, TarArchiveEntry> entries(byte[] tar) throws IOException {
    Map<String, TarArchiveEntry> out = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) out.put(e.getName(), e);
    }
    return out;
  }

  /** path → type, mode and (for files) content, (for symlinks) target, of a mounted tree. */
  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        String rel = root.relativize(p).toString();
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        String what = Integer.toOctalString((Integer) a.get("mode")) + " " + a.get("uid") + ":" + a.get("gid");
        if (Files.isSymbolicLink(p)) what += " -> " + Files.readSymbolicLink(p);
        else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) what += " " + Files.readString(p);
        out.put(rel, what);
      }
    }
    return out;
  }
}
