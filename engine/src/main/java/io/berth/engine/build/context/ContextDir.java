package io.berth.engine.build.context;

import io.berth.engine.archive.RootDir;
import io.berth.engine.archive.TreeUntar;
import io.berth.engine.sys.ErrnoException;
import io.berth.engine.sys.Fds;
import io.berth.oci.context.DockerIgnore;
import io.berth.oci.errors.BerthException;
import io.berth.store.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * One build's context, unpacked on berthd's side from the {@code POST /build} body.
 *
 * <p>Layout: {@code dir/context} is the context's root ({@link #root()}, what COPY and ADD read);
 * {@code dir/build-files} holds the Dockerfile and {@code .dockerignore} when the context's own
 * {@code .dockerignore} excludes them: Docker still reads them for the build but they cannot be
 * copied into the image (dockerd's {@code removeDockerfile}).
 *
 * <p>Unpacking reuses {@link TreeUntar}, the project's safe extraction (the rules of Docker's
 * {@code archive.Unpack}): names are relative to the root and {@code ..} above it is refused, an
 * absolute name is taken relative to the root, parent directories are looked up with the root as
 * "/" so a symlink in the archive ({@code a -> /}, then {@code a/etc/passwd}) cannot lead outside,
 * a relative symlink whose text climbs out is refused, hard links must name an earlier entry inside,
 * and here character and block devices are refused too (a context has no use for them). Owners are
 * the archive's numeric uid/gid, modes and times are kept. The body may be plain tar, gzip, bzip2,
 * xz or zstd (told from its first bytes) and is streamed, never held in memory.
 *
 * <p>Then the context's {@code .dockerignore} (if any) is applied: every excluded path is removed
 * (with Docker's pattern rules, {@link DockerIgnore}), except the named Dockerfile and the
 * {@code .dockerignore} itself, which move to {@code build-files} if excluded. A context sent by the
 * docker or berth CLI is already filtered; this covers a tar piped to {@code docker build -} and
 * other API clients, as BuildKit does.
 *
 * <p>Errors: a corrupt or refused archive throws {@link BerthException.InvalidArgument}
 * ({@code Error processing tar file: ...}); a failing file system {@link BerthException.Internal}.
 * On any error the directory is removed. Not thread-safe; {@link #close()} deletes {@code dir}.
 */
public final class ContextDir implements AutoCloseable {
  static final String DEFAULT_DOCKERFILE = "Dockerfile";
  static final String DOCKERIGNORE = ".dockerignore";

  private final Path dir;
  private final Path root;
  private final Path hidden;
  private final DockerIgnore ignore;
  /** Build files moved out of the root, by their cleaned name in the context. */
  private final Map<String, Path> moved = new HashMap<>();

  private ContextDir(Path dir, DockerIgnore ignore) {
    this.dir = dir;
    this.root = dir.resolve("context");
    this.hidden = dir.resolve("build-files");
    this.ignore = ignore;
  }

  /** As {@link #extract(InputStream, Path, String)} for the default {@code Dockerfile}. */
  public static ContextDir extract(InputStream body, Path dir) {
    return extract(body, dir, DEFAULT_DOCKERFILE);
  }

  /**
   * Unpacks {@code body} (read to its end, not closed) into {@code dir} (created; must be empty if it
   * exists) and applies the context's {@code .dockerignore}, keeping {@code dockerfile} (the build's
   * {@code dockerfile} parameter) for {@link #dockerfile}.
   */
  public static ContextDir extract(InputStream body, Path dir, String dockerfile) {
    ContextDir c;
    try {
      Files.createDirectories(dir);
      try (var s = Files.list(dir)) {
        if (s.findAny().isPresent()) throw new IllegalArgumentException("context directory is not empty: " + dir);
      }
      Files.createDirectory(dir.resolve("context"));
    } catch (IOException e) {
      throw BerthException.internal("cannot create build context directory " + dir + ": " + e.getMessage(), e);
    }
    try {
      Path root = dir.resolve("context");
      try (RootDir rd = RootDir.open(root); RootDir.Found top = rd.lookup("/", true)) {
        TreeUntar.extract(rd, top, decompressXz(body), false, Optional.empty(), false);
      }
      c = new ContextDir(dir, readIgnore(root));
      c.applyIgnore(dockerfile);
      return c;
    } catch (IOException e) {
      delete(dir);
      throw BerthException.internal("cannot unpack build context: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      delete(dir);
      throw e;
    }
  }

  /** The context's root directory. */
  public Path root() { return root; }

  /** The context's {@code .dockerignore} (empty when it has none). */
  public DockerIgnore ignore() { return ignore; }

  /**
   * The Dockerfile called {@code name} in the context (the {@code dockerfile} parameter; a path
   * relative to the root, symlinks resolved inside it). As dockerd, a missing {@code Dockerfile} falls
   * back to {@code dockerfile}.
   *
   * @throws BerthException.InvalidArgument {@code Cannot locate specified Dockerfile: NAME}
   */
  public Path dockerfile(String name) {
    String clean = relative(name);
    Path m = moved.get(clean);
    if (m != null) return m;
    Optional<Path> found = regularFile(clean);
    if (found.isEmpty() && name.equals(DEFAULT_DOCKERFILE)) {
      Path lower = moved.get("dockerfile");
      if (lower != null) return lower;
      found = regularFile("dockerfile");
    }
    return found.orElseThrow(() -> BerthException.invalid("Cannot locate specified Dockerfile: %s", name));
  }

  /** Deletes the directory and everything in it. */
  @Override public void close() {
    delete(dir);
  }

  // ---- .dockerignore -----------------------------------------------------------------------------

  private static DockerIgnore readIgnore(Path root) throws IOException {
    Optional<Path> f = regularFile(root, DOCKERIGNORE);
    if (f.isEmpty()) return DockerIgnore.empty();
    try {
      return DockerIgnore.parse(Files.readString(f.get(), StandardCharsets.UTF_8));
    } catch (java.nio.charset.MalformedInputException e) {
      return DockerIgnore.parse(new String(Files.readAllBytes(f.get()), StandardCharsets.ISO_8859_1));
    } catch (BerthException.InvalidArgument e) {
      throw BerthException.invalid("error reading .dockerignore: %s", e.getMessage());
    }
  }

  private void applyIgnore(String dockerfile) throws IOException {
    if (ignore.isEmpty()) return;
    List<String> keep = new ArrayList<>(List.of(DOCKERIGNORE, relative(dockerfile)));
    if (dockerfile.equals(DEFAULT_DOCKERFILE)) keep.add("dockerfile");
    // First the build files: read (through symlinks inside the root) before anything is removed.
    for (String k : keep) {
      if (!ignore.excluded(k)) continue;
      Optional<Path> f = regularFile(k);
      if (f.isEmpty()) continue;
      Files.createDirectories(hidden);
      Path copy = hidden.resolve(Integer.toString(moved.size()));
      Files.copy(f.get(), copy);
      moved.put(k, copy);
      unlink(k);
    }
    prune(root, "");
  }

  /** Removes what the ignore file excludes below {@code dir} ({@code rel} its path in the context). */
  private void prune(Path dir, String rel) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(children::add);
    }
    for (Path child : children) {
      String name = rel.isEmpty() ? child.getFileName().toString() : rel + "/" + child.getFileName();
      boolean isDir = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
      if (ignore.excluded(name, isDir)) {
        if (isDir && ignore.mayReinclude(name)) {
          prune(child, name);
        } else {
          AtomicFiles.deleteRecursively(child);
        }
      } else if (isDir) {
        prune(child, name);
      }
    }
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /**
   * Removes the name {@code rel} itself (a symlink is removed, not followed), its parent looked up
   * inside the root: a parent that is a symlink in the archive cannot point the removal outside.
   */
  private void unlink(String rel) throws IOException {
    int slash = rel.lastIndexOf('/');
    String parent = slash < 0 ? "/" : rel.substring(0, slash);
    try (RootDir rd = RootDir.open(root); RootDir.Found p = rd.lookup(parent, true)) {
      if (p.stat().isDirectory()) Files.deleteIfExists(p.proc().resolve(rel.substring(slash + 1)));
    }
  }

  private Optional<Path> regularFile(String rel) {
    try {
      return regularFile(root, rel);
    } catch (IOException e) {
      throw BerthException.internal("cannot read build context: " + e.getMessage(), e);
    }
  }

  /** {@code rel} looked up with {@code root} as "/" (symlinks followed inside it), if it is a regular file. */
  private static Optional<Path> regularFile(Path root, String rel) throws IOException {
    try (RootDir rd = RootDir.open(root); RootDir.Found f = rd.lookup(rel, true)) {
      if (!f.stat().isRegular()) return Optional.empty();
      return Optional.of(root.resolve(String.join("/", f.path())));
    } catch (ErrnoException e) {
      if (e.errno() == Fds.ENOENT || e.errno() == Fds.ENOTDIR || e.errno() == Fds.ELOOP) return Optional.empty();
      throw e;
    }
  }

  /** A context path cleaned as Go's {@code filepath.Clean}, relative ({@code /x} and {@code ../x} stay inside). */
  static String relative(String name) {
    String c = DockerIgnore.clean("/" + name);
    return c.equals("/") ? "." : c.substring(1);
  }

  /** xz, which {@link TreeUntar} does not read itself (magic {@code fd 37 7a 58 5a 00}); others pass through. */
  private static InputStream decompressXz(InputStream body) throws IOException {
    BufferedInputStream b = new BufferedInputStream(body, 64 * 1024);
    b.mark(6);
    byte[] head = b.readNBytes(6);
    b.reset();
    if (head.length == 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
        && head[4] == 'Z' && head[5] == 0) {
      return new XZCompressorInputStream(b, true);
    }
    return b;
  }

  private static void delete(Path dir) {
    try {
      AtomicFiles.deleteRecursively(dir);
    } catch (IOException ignored) {
      // best effort: a leftover temp directory is not worth hiding the real error
    }
  }
}
