package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Cli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * One row of a build table: a Dockerfile, a small context, build flags, and what the built image must
 * show when run and inspected. {@link #verify} builds it (docker CLI, legacy builder) and checks it.
 *
 * <p>{@link #buildKitOnly} marks rows for features the issue asks for but that dockerd 20.10's legacy
 * builder does not have (heredocs, {@code COPY --chmod}, …): against the reference dockerd such a row
 * checks the legacy builder's refusal text instead; against berthd it checks the BuildKit semantics from
 * the Dockerfile reference ({@code /work/shared/specs/dockerfile/reference.md}).
 */
final class BuildCase {
  /** Stands for the built image's tag in {@link #docker} checks. */
  static final String IMG = "{img}";

  record FileSpec(String path, byte[] data, int mode) {}

  /** A docker CLI command (with {@link #IMG} for the image) and the exact stdout it must print. */
  record Check(List<String> args, String expectedStdout) {}

  final String name;
  private final String dockerfile;
  private final List<FileSpec> files = new ArrayList<>();
  private final List<String> flags = new ArrayList<>();
  private final List<Check> checks = new ArrayList<>();
  private final List<String> outputContains = new ArrayList<>();
  private final List<String> outputLacks = new ArrayList<>();
  private Optional<String> legacyRefusal = Optional.empty();

  private BuildCase(String name, String dockerfile) {
    this.name = name;
    this.dockerfile = dockerfile;
  }

  static BuildCase of(String name, String dockerfile) { return new BuildCase(name, dockerfile); }

  String tag() { return "bt-" + name.replace('_', '-'); }

  BuildCase file(String path, String content) { return file(path, content, 0644); }

  BuildCase file(String path, String content, int mode) {
    files.add(new FileSpec(path, content.getBytes(StandardCharsets.UTF_8), mode));
    return this;
  }

  /** A tar archive in the context; {@code entries} alternate name and content (names ending in / are dirs). */
  BuildCase tar(String path, boolean gzip, String... entries) {
    files.add(new FileSpec(path, tarBytes(gzip, entries), 0644));
    return this;
  }

  BuildCase flags(String... f) {
    flags.addAll(List.of(f));
    return this;
  }

  /** {@code docker run --rm IMG sh -c script} prints exactly {@code expected}. */
  BuildCase runs(String script, String expected) {
    return docker(expected, "run", "--rm", IMG, "sh", "-c", script);
  }

  /** {@code docker run --rm IMG args...} (no args: the image's own ENTRYPOINT/CMD) prints exactly {@code expected}. */
  BuildCase runsWith(String expected, String... args) {
    var a = new ArrayList<>(List.of("run", "--rm", IMG));
    a.addAll(List.of(args));
    checks.add(new Check(a, expected));
    return this;
  }

  /** {@code docker image inspect -f format IMG} prints {@code expected} (plus a newline). */
  BuildCase inspect(String format, String expected) {
    return docker(expected + "\n", "image", "inspect", "-f", format, IMG);
  }

  /** {@code docker history --no-trunc --format {{.CreatedBy}} IMG}: newest first, one line per row. */
  BuildCase history(String... createdBy) {
    return docker(String.join("\n", createdBy) + "\n", "history", "--no-trunc", "--format", "{{.CreatedBy}}", IMG);
  }

  /** The two history rows of the testkit busybox image, oldest last. */
  static final String[] BUSYBOX_HISTORY = {"CMD [\"sh\"]", "berth testkit: busybox-static rootfs"};

  BuildCase docker(String expected, String... args) {
    checks.add(new Check(List.of(args), expected));
    return this;
  }

  /** The build's output (stdout and stderr) contains {@code text}. */
  BuildCase outputContains(String text) {
    outputContains.add(text);
    return this;
  }

  BuildCase outputLacks(String text) {
    outputLacks.add(text);
    return this;
  }

  /** dockerd 20.10's legacy builder refuses this row with {@code refusal} in its output. */
  BuildCase buildKitOnly(String refusal) {
    legacyRefusal = Optional.of(refusal);
    return this;
  }

  @Override public String toString() { return name; }

  /** Writes the Dockerfile and files into a new context directory. */
  Path writeContext(BuildTarget target) {
    Path dir = target.newContext(name);
    try {
      Files.writeString(dir.resolve("Dockerfile"), dockerfile);
      for (FileSpec f : files) {
        Path p = dir.resolve(f.path());
        Files.createDirectories(p.getParent());
        Files.write(p, f.data());
        Files.setPosixFilePermissions(p, permissions(f.mode()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** Builds with the docker CLI and checks every expectation; returns the build result. */
  Cli.Result verify(BuildTarget target) {
    Path ctx = writeContext(target);
    var f = new ArrayList<>(List.of("-t", tag()));
    f.addAll(flags);
    Cli.Result build = target.dockerBuild(ctx, f);
    if (legacyRefusal.isPresent() && target.reference()) {
      assertThat(build.exitCode()).as(build.toString()).isNotZero();
      assertThat(build.all()).as(build.toString()).contains(legacyRefusal.get());
      return build;
    }
    assertThat(build.exitCode()).as(build.toString()).isZero();
    assertThat(build.stdout()).as(build.toString()).contains("Successfully tagged " + tag() + ":latest");
    for (String s : outputContains) assertThat(build.all()).as(build.toString()).contains(s);
    for (String s : outputLacks) assertThat(build.all()).as(build.toString()).doesNotContain(s);
    checkImage(target, tag());
    return build;
  }

  /** Runs the checks against {@code image}. */
  void checkImage(BuildTarget target, String image) {
    for (Check c : checks) {
      List<String> args = c.args().stream().map(a -> a.equals(IMG) ? image : a).toList();
      Cli.Result r = target.docker(BuildTarget.BUILD_TIMEOUT, args);
      assertThat(r.exitCode()).as(name + ": " + r).isZero();
      assertThat(r.stdout()).as(name + ": " + r).isEqualTo(c.expectedStdout());
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    var s = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int i = 0; i < order.length; i++) if ((mode & (1 << i)) != 0) s.add(order[i]);
    return s;
  }

  static byte[] tarBytes(boolean gzip, String... entries) {
    var names = new LinkedHashMap<String, String>();
    for (int i = 0; i < entries.length; i += 2) names.put(entries[i], entries[i + 1]);
    try {
      var buf = new ByteArrayOutputStream();
      try (var out = gzip ? new GZIPOutputStream(buf) : buf;
           var tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
        for (var e : names.entrySet()) {
          boolean dir = e.getKey().endsWith("/");
          var entry = new TarArchiveEntry(e.getKey(), dir ? TarArchiveEntry.LF_DIR : TarArchiveEntry.LF_NORMAL);
          byte[] data = e.getValue().getBytes(StandardCharsets.UTF_8);
          entry.setMode((dir ? 040000 : 0100000) | (dir ? 0755 : 0644));
          entry.setUserId(dir ? 0 : 1000);
          entry.setGroupId(dir ? 0 : 1000);
          if (!dir) entry.setSize(data.length);
          tar.putArchiveEntry(entry);
          if (!dir) tar.write(data);
          tar.closeArchiveEntry();
        }
      }
      return buf.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
