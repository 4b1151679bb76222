package io.berth.engine.build;

import io.berth.engine.archive.RootDir;
import io.berth.engine.archive.TreeTar;
import io.berth.engine.archive.TreeUntar;
import io.berth.engine.container.ContainerArchive;
import io.berth.engine.sys.ErrnoException;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * COPY and ADD's file handling: wildcard sources, the directory and trailing-slash rules, owners and
 * modes, local archives (ADD) and the checksum that keys the cache. Files are streamed out of their
 * root (the context, or a stage's or image's files) as a tar, renamed to their destination, and
 * extracted into the step's container with the engine's safe extractor, so a symlink in the image
 * cannot lead a copy outside the container's root.
 */
final class CopyStep {
  /** A source found in its root: its path there ("" is the root) and whether it is a directory. */
  record Source(String rel, boolean dir, boolean archive) {
    String base() {
      return rel.isEmpty() ? "" : rel.substring(rel.lastIndexOf('/') + 1);
    }
  }

  /** Where the files go, decided once the destination's existence is known. */
  record Placement(String dest, boolean intoDir) {}

  private CopyStep() {}

  /** The sources {@code patterns} name in {@code root}; {@code context} enables the context's error texts. */
  static List<Source> resolve(RootDir root, List<String> patterns, boolean add, String verb) throws IOException {
    List<Source> out = new ArrayList<>();
    for (String raw : patterns) {
      String p = clean(raw);
      if (p.equals("..") || p.startsWith("../")) {
        throw BerthException.invalid("%s failed: forbidden path outside the build context: %s ()", verb, raw);
      }
      List<String> matches = GoGlob.hasMeta(p) ? glob(root, p) : List.of(p);
      if (matches.isEmpty() && GoGlob.hasMeta(p)) continue;
      for (String m : matches) {
        try (RootDir.Found f = root.lookup("/" + m, true)) {
          out.add(new Source(m, f.stat().isDirectory(), add && !f.stat().isDirectory() && Archives.isArchive(f.proc())));
        } catch (ErrnoException e) {
          throw BerthException.invalid("%s failed: file not found in build context or excluded by .dockerignore: "
              + "stat %s: file does not exist", verb, raw);
        }
      }
    }
    if (out.isEmpty()) throw BerthException.invalid("%s failed: no source files were specified", verb);
    return out;
  }

  /** {@code a/./b/} → {@code a/b}; the root is "". */
  static String clean(String raw) {
    String n = Path.of("/" + raw).normalize().toString();
    if (raw.startsWith("..") || raw.contains("/../")) {
      String rel = Path.of(raw).normalize().toString();
      if (rel.startsWith("..")) return rel;
    }
    return n.equals("/") ? "" : n.substring(1);
  }

  private static List<String> glob(RootDir root, String pattern) throws IOException {
    List<String> current = List.of("");
    for (String seg : pattern.split("/")) {
      List<String> next = new ArrayList<>();
      for (String dir : current) {
        String prefix = dir.isEmpty() ? "" : dir + "/";
        if (!GoGlob.hasMeta(seg)) {
          next.add(prefix + seg);
          continue;
        }
        Pattern re = GoGlob.compile(seg);
        try (RootDir.Found d = root.lookup("/" + dir, true)) {
          if (!d.stat().isDirectory()) continue;
          try (Stream<Path> children = Files.list(d.proc())) {
            children.map(c -> c.getFileName().toString()).filter(n -> re.matcher(n).matches()).sorted()
                .forEach(n -> next.add(prefix + n));
          }
        } catch (ErrnoException e) {
          // a missing directory matches nothing
        }
      }
      current = next;
    }
    List<String> existing = new ArrayList<>();
    for (String c : current) {
      try (RootDir.Found f = root.lookup("/" + c, false)) {
        existing.add(c);
      } catch (ErrnoException e) {
        // not there
      }
    }
    return existing;
  }

  /** The cache checksum of the sources: their tar without times, content included. */
  static String checksum(RootDir root, List<Source> sources) throws IOException {
    MessageDigest sha = Digest.newSha256();
    try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
      TarRemap remap = new TarRemap(sink, true);
      int i = 0;
      for (Source s : sources) {
        String prefix = i++ + "/";
        stream(root, s, in -> remap.add(in, n -> prefix + n, Optional.empty(), Optional.empty()));
      }
      remap.finish();
    }
    return Digest.ofSha256(sha).hex();
  }

  /** Decides where the sources go (moby's rules) with the destination as the image has it. */
  static Placement place(RootDir dest, String destPath, List<Source> sources, String verb) throws IOException {
    boolean slash = destPath.endsWith("/") || destPath.endsWith("/.") || destPath.equals(".");
    String clean = "/" + clean(destPath);
    boolean isDir = false;
    try (RootDir.Found f = dest.lookup(clean, true)) {
      isDir = f.stat().isDirectory();
    } catch (ErrnoException e) {
      // created by the copy
    }
    boolean several = sources.size() > 1;
    if (several && !slash && !isDir) {
      throw BerthException.invalid("When using %s with more than one source file, the destination must be a "
          + "directory and end with a /", verb);
    }
    return new Placement(clean, slash || isDir || several);
  }

  /**
   * Writes the tar that {@link #extract} applies: each source under its destination name, owned by
   * {@code owner} (root when empty, as COPY does) and with {@code chmod}.
   */
  static void write(RootDir root, List<Source> sources, Placement place, boolean destExists,
      Optional<TreeUntar.Owner> owner, Optional<Integer> chmod, boolean keepOwners, OutputStream out)
      throws IOException {
    TarRemap remap = new TarRemap(out, false);
    String dest = place.dest().equals("/") ? "" : place.dest().substring(1);
    // context files belong to root unless --chown; files of a stage or image keep their owners (as dockerd)
    Optional<TreeUntar.Owner> own = owner.isPresent() || keepOwners ? owner : Optional.of(new TreeUntar.Owner(0, 0));
    for (Source s : sources) {
      if (s.archive()) {
        // ADD: a local archive's contents go into the destination directory with their own owners
        try (RootDir.Found f = root.lookup("/" + s.rel(), true); InputStream in = Archives.open(f.proc())) {
          remap.add(in, n -> join(dest, n), owner, chmod);
        }
      } else if (s.dir()) {
        String top = "x";
        stream(root, s, in -> remap.add(in, n -> {
          if (n.equals(top)) return destExists || dest.isEmpty() ? null : dest;
          return join(dest, n.substring(top.length() + 1));
        }, own, chmod), top);
      } else {
        String target = place.intoDir() ? join(dest, s.base()) : dest;
        stream(root, s, in -> remap.add(in, n -> target, own, chmod), "x");
      }
    }
    remap.finish();
  }

  private static String join(String dir, String rel) {
    if (rel.isEmpty()) return dir;
    return dir.isEmpty() ? rel : dir + "/" + rel;
  }

  @FunctionalInterface
  interface TarConsumer {
    void accept(InputStream tar) throws IOException;
  }

  private static void stream(RootDir root, Source s, TarConsumer consumer) throws IOException {
    stream(root, s, consumer, "x");
  }

  /** Archives one source under the name {@code top} and hands the tar stream to {@code consumer}. */
  private static void stream(RootDir root, Source s, TarConsumer consumer, String top) throws IOException {
    try (RootDir.Found f = root.lookup("/" + s.rel(), true);
        PipedInputStream in = new PipedInputStream(64 * 1024);
        PipedOutputStream pipe = new PipedOutputStream(in)) {
      Future<?> writer;
      try (var exec = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        writer = exec.submit(() -> {
          try (pipe) {
            TreeTar.write(root, f, top, pipe);
          }
          return null;
        });
        try {
          consumer.accept(in);
          in.transferTo(OutputStream.nullOutputStream());
        } finally {
          in.close();
        }
        try {
          writer.get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof IOException io && !io.getMessage().contains("Pipe closed")) throw io;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    }
  }

  /** Extracts {@code tar} at the root of {@code dest} (missing parent directories are created). */
  static void extract(RootDir dest, InputStream tar) throws IOException {
    try (RootDir.Found top = dest.lookup("/", true)) {
      TreeUntar.extract(dest, top, tar, false, Optional.empty());
    }
  }

  /** {@code --chown} resolved in the destination's /etc/passwd and /etc/group. */
  static Optional<TreeUntar.Owner> owner(RootDir dest, Optional<String> chown) {
    // moby's parseChownFlag: "--chown=app" means user app and group app, "--chown=10" 10:10
    return chown.filter(s -> !s.isEmpty()).map(u -> ContainerArchive.resolveOwner(dest, u.contains(":") ? u : u + ":" + u));
  }

  static boolean exists(RootDir root, String path) throws IOException {
    try (RootDir.Found f = root.lookup(path, true)) {
      return true;
    } catch (ErrnoException e) {
      return false;
    }
  }
}
