package io.berth.engine.build;

import io.berth.engine.archive.RootDir;
import io.berth.engine.archive.TreeUntar;
import io.berth.engine.build.dockerfile.Instruction;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import io.berth.store.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The steps that write files into the image: COPY, ADD (local archives extracted, URLs downloaded
 * and checked against {@code --checksum}), heredoc sources, and WORKDIR (creates the directory).
 * Sources are checksummed before anything runs; on a cache miss they are extracted into a created,
 * never-started container of the stage's image, which is committed and removed.
 */
final class CopyRun {
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

  private final Builder.Session s;
  private final StageState st;
  private final StageRun stage;

  CopyRun(Builder.Session s, StageState st, StageRun stage) {
    this.s = s;
    this.st = st;
    this.stage = stage;
  }

  void copy(List<String> rawSources, String rawDest, Optional<String> from, Optional<String> rawChown,
      Optional<String> rawChmod, List<Instruction.Heredoc> heredocs, boolean add, boolean unpack, Optional<String> checksum)
      throws IOException {
    String verb = add ? "ADD" : "COPY";
    Function<String, Optional<String>> vars = st::lookup;
    List<String> sources = new ArrayList<>();
    for (String raw : rawSources) sources.add(s.substitution().word(raw, vars));
    String dest = absolute(s.substitution().word(rawDest, vars));
    Optional<String> chown = rawChown.map(c -> s.substitution().word(c, vars));
    Optional<Integer> chmod = rawChmod.map(c -> s.substitution().word(c, vars)).map(CopyRun::octal);
    List<String> urls = sources.stream().filter(CopyRun::isUrl).toList();
    if (!urls.isEmpty() && !add) throw BerthException.invalid("source can't be a URL for COPY");
    if (checksum.isPresent() && (urls.size() != sources.size())) {
      throw BerthException.invalid("checksum can't be specified for non-HTTP(S) sources");
    }
    if (!urls.isEmpty() || !heredocs.isEmpty()) {
      // downloads and heredocs become files in a directory of their own, copied like context files
      Path dir = Files.createTempDirectory(Files.createDirectories(s.tmp()), "sources-");
      try {
        List<String> names = new ArrayList<>();
        for (String src : sources) {
          if (isUrl(src)) names.add(download(src, dir, checksum.map(c -> s.substitution().word(c, vars))));
          else names.add(heredoc(src, heredocs, dir, vars));
        }
        try (RootDir root = RootDir.open(dir)) {
          copyFrom(root, Optional.empty(), names, dest, chown, chmod, false, verb, Optional.empty());
        }
      } finally {
        AtomicFiles.deleteRecursively(dir);
      }
      return;
    }
    Optional<Digest> fromImage = from.map(f -> s.sourceImage(s.substitution().word(f, vars), stage.stage().index()));
    Optional<String> fromKey = Optional.empty();
    if (fromImage.isPresent()) {
      // a stage's or image's files cannot change under its ID: the key needs no look at them, so a
      // cache hit costs no container for the source
      fromKey = Optional.of(stage.key("copy-from", verb + "\n" + fromImage.get() + "\n" + String.join("\n", sources)
          + "\n" + dest, chown.orElse(""), chmod.map(String::valueOf).orElse("")));
      if (stage.cached(fromKey.get())) return;
    }
    Optional<String> presetKey = fromKey;
    boolean extract = add && unpack;
    stage.withSourceRoot(fromImage, (root, image) -> {
      copyFrom(root, image, sources, dest, chown, chmod, extract, verb, presetKey);
      return Boolean.TRUE;
    });
  }

  /** @param presetKey the step's cache key when the caller computed (and missed) it already */
  private void copyFrom(RootDir root, Optional<Digest> fromImage, List<String> patterns, String dest,
      Optional<String> chown, Optional<Integer> chmod, boolean unpack, String verb, Optional<String> presetKey)
      throws IOException {
    List<CopyStep.Source> sources = CopyStep.resolve(root, patterns, unpack, verb);
    String hash = fromImage.isPresent()
        ? Digest.sha256((fromImage.get() + "\n" + String.join("\n", patterns)).getBytes()).hex()
        : CopyStep.checksum(root, sources);
    String kind = sources.size() > 1 ? "multi" : sources.getFirst().dir() ? "dir" : "file";
    String createdBy = String.join(" ", st.shell()) + " #(nop) " + verb + " " + kind + ":" + hash + " in " + dest + " ";
    String key = presetKey.orElseGet(() -> stage.key("copy", createdBy, chown.orElse(""),
        chmod.map(String::valueOf).orElse("")));
    if (presetKey.isEmpty() && stage.cached(key)) return;
    String holder = s.containers().holder(stage.containerImage());
    try {
      s.containers().archive().inRoot(holder, (droot, c) -> {
        Optional<TreeUntar.Owner> owner = CopyStep.owner(droot, chown);
        CopyStep.Placement place = CopyStep.place(droot, dest, sources, verb);
        boolean exists = CopyStep.exists(droot, place.dest());
        Path tar = Files.createTempFile(Files.createDirectories(s.tmp()), "copy-", ".tar");
        try {
          try (OutputStream out = Files.newOutputStream(tar)) {
            CopyStep.write(root, sources, place, exists, owner, chmod, fromImage.isPresent(), out);
          }
          try (InputStream in = Files.newInputStream(tar)) {
            CopyStep.extract(droot, in);
          }
        } finally {
          Files.deleteIfExists(tar);
        }
        return Boolean.TRUE; // inRoot's result may not be null
      });
      Digest image = s.committer().commitStep(Optional.of(holder), st.image, st.config, createdBy, st.author).id();
      stage.committed(image, key, createdBy);
    } finally {
      s.containers().remove(holder);
    }
  }

  /** WORKDIR: relative paths chain onto the current one; the directory is created if the image lacks it. */
  void workdir(String raw) throws IOException {
    String path = s.substitution().word(raw, st::lookup);
    String dir = absolute(path);
    dir = dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    st.config = st.config.toBuilder().workingDir(dir).build();
    mkdirs(List.of(dir), String.join(" ", st.shell()) + " #(nop) WORKDIR " + dir, "workdir");
  }

  /** VOLUME: the configuration, and the directories (dockerd creates them in the image, as mount points). */
  void volume(Instruction.Volume v) throws IOException {
    String comment = ConfigSteps.apply(v, st, s.substitution()).orElseThrow();
    List<String> dirs = new ArrayList<>();
    for (String p : st.config.volumes()) dirs.add(p.startsWith("/") ? p : "/" + p);
    mkdirs(dirs, String.join(" ", st.shell()) + " #(nop)  " + comment, "volume");
  }

  /** A step that creates the directories the image lacks (a layer) or only records its configuration. */
  private void mkdirs(List<String> dirs, String createdBy, String kind) throws IOException {
    String key = stage.key(kind, createdBy);
    if (stage.cached(key)) return;
    String holder = s.containers().holder(stage.containerImage());
    try {
      boolean made = s.containers().archive().inRoot(holder, (root, c) -> {
        boolean any = false;
        for (String d : dirs) {
          if (CopyStep.exists(root, d)) continue;
          try (RootDir.Found top = root.mkdirs(d)) {
            any = true;
          }
        }
        return any;
      });
      Digest image = s.committer().commitStep(made ? Optional.of(holder) : Optional.empty(), st.image, st.config,
          createdBy, st.author).id();
      stage.committed(image, key, createdBy);
    } finally {
      s.containers().remove(holder);
    }
  }

  /** A destination relative to WORKDIR, keeping a trailing slash (it means "a directory"). */
  private String absolute(String dest) {
    if (dest.startsWith("/")) return dest;
    String wd = st.config.workingDir().filter(w -> !w.isEmpty()).orElse("/");
    String joined = (wd.endsWith("/") ? wd : wd + "/") + dest;
    return dest.equals(".") || dest.endsWith("/") || dest.endsWith("/.") ? (joined.endsWith("/") ? joined : joined + "/")
        : joined;
  }

  private static boolean isUrl(String s) {
    return s.startsWith("http://") || s.startsWith("https://");
  }

  private static int octal(String mode) {
    try {
      int m = Integer.parseInt(mode, 8);
      if (m < 0 || m > 07777) throw new NumberFormatException();
      return m;
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid chmod parameter %s", mode);
    }
  }

  private String heredoc(String src, List<Instruction.Heredoc> heredocs, Path dir,
      Function<String, Optional<String>> vars) throws IOException {
    String name = src.replaceFirst("^<<-?['\"]?", "").replaceFirst("['\"]$", "");
    Instruction.Heredoc h = heredocs.stream().filter(d -> d.name().equals(name)).findFirst()
        .orElseThrow(() -> BerthException.invalid("heredoc %s not found", src));
    String content = h.expand() ? expandHeredoc(h.content(), vars) : h.content();
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    return name;
  }

  /**
   * An unquoted heredoc's variables, expanded as a shell expands a heredoc body: {@code $X} and
   * {@code ${X...}} only, quotes stay as they are, {@code \$} is a literal dollar.
   */
  private String expandHeredoc(String content, Function<String, Optional<String>> vars) {
    java.util.regex.Matcher m = HEREDOC_VAR.matcher(content);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String token = m.group();
      String value = token.startsWith("\\") ? "$" : s.substitution().word(token, vars);
      m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static final java.util.regex.Pattern HEREDOC_VAR =
      java.util.regex.Pattern.compile("\\\\\\$|\\$\\{[^}]*\\}|\\$[A-Za-z_][A-Za-z0-9_]*");

  /** Downloads {@code url} into {@code dir}, named after the URL's last path element; mode 0600 as Docker. */
  private String download(String url, Path dir, Optional<String> checksum) throws IOException {
    URI uri = URI.create(url);
    String path = uri.getPath() == null ? "" : uri.getPath();
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.isEmpty()) name = "__unnamed__";
    Path file = dir.resolve(name);
    HttpResponse<Path> resp;
    try {
      resp = HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofFile(file));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IOException e) {
      throw BerthException.invalid("failed to download %s: %s", url, e.getMessage());
    }
    if (resp.statusCode() / 100 != 2) {
      throw BerthException.invalid("failed to GET %s with status %d", url, resp.statusCode());
    }
    if (checksum.isPresent()) {
      Digest want = Digest.parse(checksum.get());
      Digest got;
      try (InputStream in = Files.newInputStream(file)) {
        var sha = Digest.newSha256();
        in.transferTo(new java.security.DigestOutputStream(OutputStream.nullOutputStream(), sha));
        got = Digest.ofSha256(sha);
      }
      if (!got.equals(want)) throw BerthException.invalid("digest mismatch %s: %s", got, want);
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    resp.headers().firstValue("Last-Modified").ifPresent(lm -> {
      try {
        var t = java.time.ZonedDateTime.parse(lm, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(t.toInstant()));
      } catch (IOException | RuntimeException ignored) {
        // keep the download time
      }
    });
    return name;
  }
}
