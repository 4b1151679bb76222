package io.berth.cli.cp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local tar writer and the extractor that keeps a container's archive inside the destination. */
class LocalArchiveTest {
  @TempDir Path tmp;
  final PrintStream warnings = new PrintStream(new ByteArrayOutputStream());

  private static List<String> names(byte[] tar) throws IOException {
    List<String> out = new ArrayList<>();
    try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) out.add(e.getName());
    }
    return out;
  }

  private byte[] local(String path, UnaryOperator<String> rename) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LocalTar.write(path, rename, out);
    return out.toByteArray();
  }

  @Test
  void a_directory_and_its_contents_are_archived_under_dockers_names() throws IOException {
    Path d = Files.createDirectories(tmp.resolve("d/sub"));
    Files.writeString(d.getParent().resolve("f"), "f");
    Files.createSymbolicLink(d.getParent().resolve("l"), Path.of("/etc"));
    assertThat(names(local(tmp.resolve("d").toString(), UnaryOperator.identity())))
        .containsExactly("d/", "d/f", "d/l", "d/sub/");
    assertThat(names(local(tmp.resolve("d") + "/.", UnaryOperator.identity())))
        .containsExactly("./", "./f", "./l", "./sub/");
    assertThat(names(local(tmp.resolve("d").toString(), CpPaths.rebase("d", "new"))))
        .containsExactly("new/", "new/f", "new/l", "new/sub/");
  }

  private static byte[] hostile(String... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var tar = new TarArchiveOutputStream(bytes)) {
      for (int i = 0; i < entries.length; i += 2) {
        String name = entries[i];
        String arg = entries[i + 1];
        TarArchiveEntry e;
        if (arg.startsWith("->")) {
          e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
          e.setLinkName(arg.substring(2));
          tar.putArchiveEntry(e);
        } else {
          e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
          byte[] data = arg.getBytes(StandardCharsets.UTF_8);
          e.setSize(data.length);
          tar.putArchiveEntry(e);
          tar.write(data);
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void entries_cannot_escape_the_destination() throws IOException {
    Path dest = Files.createDirectories(tmp.resolve("dest"));
    Path victim = Files.writeString(tmp.resolve("victim"), "mine");
    assertThatThrownBy(() -> LocalUntar.extract(new ByteArrayInputStream(hostile("../victim", "pwned")), dest,
        UnaryOperator.identity(), warnings)).hasMessageContaining("is outside of");
    assertThatThrownBy(() -> LocalUntar.extract(new ByteArrayInputStream(hostile("a", "->/" + tmp, "a/victim", "pwned")),
        dest, UnaryOperator.identity(), warnings)).hasMessageContaining("symlink from the archive");
    assertThatThrownBy(() -> LocalUntar.extract(new ByteArrayInputStream(hostile("b", "->../..", "b/x", "1")),
        dest, UnaryOperator.identity(), warnings)).hasMessageContaining("invalid symlink");
    assertThat(victim).hasContent("mine");
  }

  @Test
  void a_directory_is_never_replaced_by_a_file() throws IOException {
    Path dest = Files.createDirectories(tmp.resolve("dest/sub"));
    assertThatThrownBy(() -> LocalUntar.extract(new ByteArrayInputStream(hostile("sub", "x")), dest.getParent(),
        UnaryOperator.identity(), warnings)).hasMessageStartingWith("cannot overwrite directory");
  }

  @Test
  void round_trip_keeps_content_and_links() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src/in"));
    Files.writeString(src.resolve("a"), "A");
    Files.createLink(src.resolve("h"), src.resolve("a"));
    Files.createSymbolicLink(src.resolve("l"), Path.of("a"));
    Path dest = Files.createDirectories(tmp.resolve("dest"));
    long n = LocalUntar.extract(new ByteArrayInputStream(local(src.toString(), UnaryOperator.identity())), dest,
        UnaryOperator.identity(), warnings);
    assertThat(n).isEqualTo(1);
    assertThat(dest.resolve("in/a")).hasContent("A");
    assertThat(Files.getAttribute(dest.resolve("in/h"), "unix:ino")).isEqualTo(Files.getAttribute(dest.resolve("in/a"), "unix:ino"));
    assertThat(Files.readSymbolicLink(dest.resolve("in/l"))).isEqualTo(Path.of("a"));
  }
}
