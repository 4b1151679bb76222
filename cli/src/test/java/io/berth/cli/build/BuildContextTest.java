package io.berth.cli.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context the CLI sends, for each of the docker CLI's cases. */
class BuildContextTest {
  @TempDir Path tmp;
  Path ctx;

  record Entry(String name, char type, long uid, long gid, String link, String content) {}

  @BeforeEach
  void context() throws IOException {
    ctx = tmp.resolve("ctx");
    Files.createDirectories(ctx.resolve("src/deep"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\n");
    Files.writeString(ctx.resolve("b.txt"), "b");
    Files.writeString(ctx.resolve("a.txt"), "a");
    Files.writeString(ctx.resolve("src/deep/x.go"), "x");
    Files.writeString(ctx.resolve("src/main.go"), "m");
    Files.createSymbolicLink(ctx.resolve("link"), Path.of("a.txt"));
    Files.createLink(ctx.resolve("hard"), ctx.resolve("b.txt"));
  }

  static List<Entry> entries(BuildContext.Prepared p) throws IOException {
    var out = new ByteArrayOutputStream();
    p.body().writeTo(out);
    return entries(out.toByteArray());
  }

  static List<Entry> entries(byte[] tar) throws IOException {
    List<Entry> all = new ArrayList<>();
    try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        all.add(new Entry(e.getName(), (char) e.getLinkFlag(), e.getLongUserId(), e.getLongGroupId(), e.getLinkName(),
            new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      }
    }
    return all;
  }

  static List<String> names(List<Entry> entries) {
    return entries.stream().map(Entry::name).toList();
  }

  private BuildContext.Prepared prepare(String context, String file) throws IOException {
    return BuildContext.prepare(context, Optional.ofNullable(file), InputStream.nullInputStream(), tmp);
  }

  @Test
  void a_directory_is_walked_depth_first_in_name_order_with_root_owners() throws IOException {
    BuildContext.Prepared p = prepare("ctx", null);
    assertThat(p.dockerfile()).contains("Dockerfile");
    List<Entry> e = entries(p);
    assertThat(names(e)).containsExactly("Dockerfile", "a.txt", "b.txt", "hard", "link", "src/", "src/deep/",
        "src/deep/x.go", "src/main.go");
    assertThat(e).allSatisfy(x -> assertThat(x.uid() + x.gid()).isZero());
    assertThat(e.get(3)).extracting(Entry::type, Entry::link).containsExactly('1', "b.txt"); // hard link to the first name
    assertThat(e.get(4)).extracting(Entry::type, Entry::link).containsExactly('2', "a.txt");
  }

  @Test
  void dockerignore_excludes_and_re_includes_but_the_build_files_are_always_sent() throws IOException {
    Files.writeString(ctx.resolve(".dockerignore"), "# comment\n*\n!src\nsrc/deep\n!src/deep/x.go\n");
    List<String> names = names(entries(prepare("ctx", null)));
    // "src/deep" itself is excluded (no entry) but walked for the exception
    assertThat(names).containsExactly(".dockerignore", "Dockerfile", "src/", "src/deep/x.go", "src/main.go");
  }

  @Test
  void an_excluded_directory_without_exceptions_is_not_walked() throws IOException {
    Files.writeString(ctx.resolve(".dockerignore"), "src\n**/*.txt\n");
    assertThat(names(entries(prepare("ctx", null)))).containsExactly(".dockerignore", "Dockerfile", "hard", "link");
  }

  @Test
  void dockerfile_defaults_to_lowercase_when_only_that_exists() throws IOException {
    Files.move(ctx.resolve("Dockerfile"), ctx.resolve("dockerfile"));
    assertThat(prepare("ctx", null).dockerfile()).contains("dockerfile");
  }

  @Test
  void f_is_relative_to_the_current_directory_and_names_a_file_in_the_context() throws IOException {
    assertThat(prepare("ctx", "ctx/src/main.go").dockerfile()).contains("src/main.go");
  }

  @Test
  void a_dockerfile_outside_the_context_is_added_under_a_random_name() throws IOException {
    Files.writeString(tmp.resolve("Other.Dockerfile"), "FROM alpine\n");
    BuildContext.Prepared p = prepare("ctx", "Other.Dockerfile");
    String name = p.dockerfile().orElseThrow();
    assertThat(name).matches("\\.dockerfile\\.[0-9a-f]{20}");
    List<Entry> e = entries(p);
    assertThat(names(e)).endsWith(name, ".dockerignore");
    Map<String, String> content = new LinkedHashMap<>();
    e.forEach(x -> content.put(x.name(), x.content()));
    assertThat(content.get(name)).isEqualTo("FROM alpine\n");
    assertThat(content.get(".dockerignore")).isEqualTo(".dockerignore\n" + name + "\n");
  }

  @Test
  void an_existing_dockerignore_gets_the_added_name_appended_in_place() throws IOException {
    Files.writeString(ctx.resolve(".dockerignore"), "b.txt");
    BuildContext.Prepared p = BuildContext.prepare("ctx", Optional.of("-"),
        new ByteArrayInputStream("FROM scratch\n".getBytes()), tmp);
    String name = p.dockerfile().orElseThrow();
    List<Entry> e = entries(p);
    assertThat(e.getFirst().name()).isEqualTo(".dockerignore");
    assertThat(e.getFirst().content()).isEqualTo("b.txt\n" + name + "\n");
    assertThat(e.getLast().name()).isEqualTo(name);
    assertThat(e.getLast().content()).isEqualTo("FROM scratch\n");
  }

  @Test
  void stdin_dockerfile_becomes_a_one_file_context() throws IOException {
    BuildContext.Prepared p = BuildContext.prepare("-", Optional.empty(),
        new ByteArrayInputStream("FROM busybox\nRUN true\n".getBytes()), tmp);
    assertThat(p.dockerfile()).contains("Dockerfile");
    List<Entry> e = entries(p);
    assertThat(names(e)).containsExactly("Dockerfile");
    assertThat(e.getFirst().content()).isEqualTo("FROM busybox\nRUN true\n");
  }

  @Test
  void stdin_tar_is_sent_as_is() throws IOException {
    var plain = new ByteArrayOutputStream();
    prepare("ctx", null).body().writeTo(plain);
    var gz = new ByteArrayOutputStream();
    try (var z = new GZIPOutputStream(gz)) {
      z.write(plain.toByteArray());
    }
    for (byte[] tar : List.of(plain.toByteArray(), gz.toByteArray())) {
      BuildContext.Prepared p = BuildContext.prepare("-", Optional.of("src/main.go"), new ByteArrayInputStream(tar), tmp);
      assertThat(p.dockerfile()).contains("src/main.go");
      var sent = new ByteArrayOutputStream();
      p.body().writeTo(sent);
      assertThat(sent.toByteArray()).isEqualTo(tar);
    }
  }

  @Test
  void docker_cli_errors() {
    assertThatThrownBy(() -> BuildContext.prepare("-", Optional.of("-"), InputStream.nullInputStream(), tmp))
        .hasMessage("invalid argument: can't use stdin for both build context and dockerfile");
    assertThatThrownBy(() -> BuildContext.prepare("-", Optional.of("Dockerfile"), new ByteArrayInputStream("FROM x".getBytes()), tmp))
        .hasMessage("unable to prepare context: ambiguous Dockerfile source: both stdin and flag correspond to Dockerfiles");
    assertThatThrownBy(() -> prepare("nope", null)).hasMessage("unable to prepare context: path \"nope\" not found");
    assertThatThrownBy(() -> prepare("https://github.com/x/y.git", null))
        .hasMessageContaining("remote build contexts (git repositories and URLs) are not supported");
    assertThatThrownBy(() -> prepare("ctx/a.txt", null)).hasMessage("unable to prepare context: context must be a directory: " + ctx.resolve("a.txt"));
    assertThatThrownBy(() -> prepare("ctx", "missing"))
        .hasMessage("unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat " + tmp.resolve("missing")
            + ": no such file or directory");
  }

  @Test
  void a_bad_pattern_fails_the_context_check() throws IOException {
    Files.writeString(ctx.resolve(".dockerignore"), "[a\n");
    assertThatThrownBy(() -> prepare("ctx", null)).hasMessage("error checking context: syntax error in pattern");
  }

  @Test
  void archive_detection_follows_the_docker_cli() {
    assertThat(BuildContext.isArchive("FROM busybox\n".getBytes())).isFalse();
    assertThat(BuildContext.isArchive(new byte[1024])).isFalse();
    assertThat(BuildContext.isArchive(new byte[] {0x1f, (byte) 0x8b, 8})).isTrue();
    assertThat(BuildContext.isArchive("BZh91AY".getBytes())).isTrue();
  }
}
