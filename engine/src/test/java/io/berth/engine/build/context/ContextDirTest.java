package io.berth.engine.build.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking a build context: compressions, ownership, hostile archives, and the context's .dockerignore. */
class ContextDirTest {
  @TempDir Path tmp;

  /** A tar written entry by entry. */
  static final class Tar {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    Tar() { tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX); }

    Tar file(String name, String content) { return file(name, content, 0644, 0, 0); }

    Tar file(String name, String content, int mode, int uid, int gid) {
      var e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
      byte[] d = content.getBytes(StandardCharsets.UTF_8);
      e.setSize(d.length);
      e.setMode(mode);
      e.setIds(uid, gid);
      return put(e, d);
    }

    Tar dir(String name) {
      var e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
      e.setMode(0755);
      return put(e, new byte[0]);
    }

    Tar link(byte type, String name, String target) {
      var e = new TarArchiveEntry(name, type);
      e.setLinkName(target);
      return put(e, new byte[0]);
    }

    Tar device(String name) {
      var e = new TarArchiveEntry(name, TarConstants.LF_CHR);
      e.setDevMajor(1);
      e.setDevMinor(3);
      e.setMode(0666);
      return put(e, new byte[0]);
    }

    private Tar put(TarArchiveEntry e, byte[] d) {
      try {
        tar.putArchiveEntry(e);
        tar.write(d);
        tar.closeArchiveEntry();
        return this;
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }

    byte[] bytes() {
      try {
        tar.finish();
        return bytes.toByteArray();
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
  }

  interface Wrap { OutputStream wrap(OutputStream out) throws IOException; }

  static byte[] compress(byte[] data, Wrap w) throws IOException {
    var out = new ByteArrayOutputStream();
    try (OutputStream c = w.wrap(out)) {
      c.write(data);
    }
    return out.toByteArray();
  }

  private ContextDir extract(byte[] body) {
    return ContextDir.extract(new ByteArrayInputStream(body), tmp.resolve("ctx"));
  }

  @Test
  void plain_tar_keeps_modes_and_numeric_owners() throws IOException {
    byte[] tar = new Tar().file("Dockerfile", "FROM scratch\n").dir("src").file("src/run.sh", "echo hi\n", 04755, 1234, 5678).bytes();
    try (ContextDir c = extract(tar)) {
      Path f = c.root().resolve("src/run.sh");
      assertThat(Files.readString(f)).isEqualTo("echo hi\n");
      Map<String, Object> a = Files.readAttributes(f, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
      assertThat(((Integer) a.get("mode")) & 07777).isEqualTo(04755);
      assertThat(a.get("uid")).isEqualTo(1234);
      assertThat(a.get("gid")).isEqualTo(5678);
      assertThat(Files.readString(c.dockerfile("Dockerfile"))).isEqualTo("FROM scratch\n");
    }
    assertThat(tmp.resolve("ctx")).doesNotExist();
  }

  @Test
  void gzip_bzip2_and_xz_bodies_are_detected() throws IOException {
    byte[] tar = new Tar().file("Dockerfile", "FROM busybox\n").bytes();
    Map<String, Wrap> kinds = Map.of("gzip", GZIPOutputStream::new, "bzip2", BZip2CompressorOutputStream::new,
        "xz", XZCompressorOutputStream::new);
    for (var k : kinds.entrySet()) {
      try (ContextDir c = extract(compress(tar, k.getValue()))) {
        assertThat(Files.readString(c.dockerfile("Dockerfile"))).as(k.getKey()).isEqualTo("FROM busybox\n");
      }
    }
  }

  @Test
  void dot_dot_out_of_the_context_is_refused_and_nothing_is_left() {
    byte[] tar = new Tar().file("ok", "x").file("../../escaped", "x").bytes();
    assertThatThrownBy(() -> extract(tar)).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("outside of the extraction directory");
    assertThat(tmp.resolve("escaped")).doesNotExist();
    assertThat(tmp.resolve("ctx")).doesNotExist();
  }

  @Test
  void absolute_names_land_inside_the_context() throws IOException {
    try (ContextDir c = extract(new Tar().file("/abs/file", "x").bytes())) {
      assertThat(c.root().resolve("abs/file")).hasContent("x");
    }
  }

  @Test
  void a_symlink_to_root_cannot_lead_a_later_entry_outside() throws IOException {
    Path outside = tmp.resolve("outside");
    Files.createDirectories(outside);
    byte[] tar = new Tar().link(TarConstants.LF_SYMLINK, "a", outside.toString())
        .file("a/planted", "evil").bytes();
    try (ContextDir c = extract(tar)) {
      assertThat(outside.resolve("planted")).doesNotExist();
      assertThat(c.root().resolve(outside.toString().substring(1) + "/planted")).hasContent("evil");
    }
  }

  @Test
  void a_relative_symlink_climbing_out_is_refused() {
    byte[] tar = new Tar().link(TarConstants.LF_SYMLINK, "up", "../../../etc").bytes();
    assertThatThrownBy(() -> extract(tar)).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("invalid symlink");
  }

  @Test
  void a_hardlink_to_a_host_file_is_refused() {
    byte[] tar = new Tar().link(TarConstants.LF_LINK, "passwd", "/etc/passwd").bytes();
    assertThatThrownBy(() -> extract(tar)).isInstanceOf(BerthException.class);
    assertThat(tmp.resolve("ctx")).doesNotExist();
  }

  @Test
  void device_nodes_are_refused() {
    byte[] tar = new Tar().file("Dockerfile", "FROM scratch").device("null").bytes();
    assertThatThrownBy(() -> extract(tar)).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("Error processing tar file: device node \"/null\" not allowed");
  }

  @Test
  void a_corrupt_or_truncated_tar_is_a_clear_invalid_argument() {
    byte[] tar = new Tar().file("big", "x".repeat(5000)).bytes();
    assertThatThrownBy(() -> extract(Arrays.copyOf(tar, 1500))).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageStartingWith("Error processing tar file: ");
    assertThatThrownBy(() -> extract("this is not a tar archive at all, not even close".repeat(20).getBytes()))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessageStartingWith("Error processing tar file: ");
    assertThat(tmp.resolve("ctx")).doesNotExist();
  }

  @Test
  void the_contexts_dockerignore_removes_excluded_paths_but_keeps_the_build_files_readable() throws IOException {
    byte[] tar = new Tar().file(".dockerignore", "*.log\nbuild\n!build/keep.txt\nDockerfile\n.dockerignore\n")
        .file("Dockerfile", "FROM busybox\n").file("app.log", "x").file("app.txt", "y")
        .dir("build").file("build/out.o", "o").file("build/keep.txt", "k").file("sub/x.log", "nested").bytes();
    try (ContextDir c = extract(tar)) {
      Path r = c.root();
      assertThat(r.resolve("app.log")).doesNotExist();
      assertThat(r.resolve("app.txt")).exists();
      assertThat(r.resolve("build/out.o")).doesNotExist();
      assertThat(r.resolve("build/keep.txt")).hasContent("k");
      assertThat(r.resolve("sub/x.log")).hasContent("nested"); // *.log is anchored at the root
      // excluded build files: read by the build, not copyable
      assertThat(r.resolve("Dockerfile")).doesNotExist();
      assertThat(r.resolve(".dockerignore")).doesNotExist();
      assertThat(c.dockerfile("Dockerfile")).hasContent("FROM busybox\n");
      assertThat(c.ignore().excluded("app.log")).isTrue();
    }
  }

  @Test
  void the_named_dockerfile_is_kept_even_when_excluded() throws IOException {
    byte[] tar = new Tar().file(".dockerignore", ".dockerignore\n.dockerfile.abc\n").file(".dockerfile.abc", "FROM x\n").bytes();
    try (ContextDir c = ContextDir.extract(new ByteArrayInputStream(tar), tmp.resolve("ctx"), ".dockerfile.abc")) {
      assertThat(c.root().resolve(".dockerfile.abc")).doesNotExist();
      assertThat(c.dockerfile(".dockerfile.abc")).hasContent("FROM x\n");
    }
  }

  @Test
  void dockerfile_lookup_follows_dockerd() throws IOException {
    try (ContextDir c = extract(new Tar().file("dockerfile", "lower").file("sub/Other", "o")
        .link(TarConstants.LF_SYMLINK, "sub/link", "/etc/passwd").bytes())) {
      assertThat(c.dockerfile("Dockerfile")).hasContent("lower");
      assertThat(c.dockerfile("/sub/../sub/Other")).hasContent("o");
      assertThatThrownBy(() -> c.dockerfile("Missing")).isInstanceOf(BerthException.InvalidArgument.class)
          .hasMessage("Cannot locate specified Dockerfile: Missing");
      // a symlink is resolved inside the context, never to the host's file
      assertThatThrownBy(() -> c.dockerfile("sub/link")).hasMessage("Cannot locate specified Dockerfile: sub/link");
      assertThatThrownBy(() -> c.dockerfile("../../../../etc/passwd")).isInstanceOf(BerthException.InvalidArgument.class);
    }
    try (ContextDir c = extract(new Tar().file("x", "y").bytes())) {
      assertThatThrownBy(() -> c.dockerfile("Dockerfile")).hasMessage("Cannot locate specified Dockerfile: Dockerfile");
    }
  }

  @Test
  void an_empty_body_is_an_empty_context() {
    try (ContextDir c = extract(new byte[0])) {
      assertThat(c.root()).isEmptyDirectory();
    }
  }

}
