package io.berth.engine.build;

import io.berth.engine.container.BindMount;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import io.berth.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code RUN --mount=...}: {@code type=cache} (a directory on the data root that outlives builds,
 * keyed by {@code id} or the target — BuildKit's most used feature: package caches survive a changed
 * step) and {@code type=bind} (a context directory or file, or a stage's or image's files, read-only
 * unless {@code rw}, in which case the step writes to a throw-away copy). Secrets, ssh and tmpfs
 * mounts are refused with a clear message rather than silently ignored.
 */
final class RunMounts {
  private static final Set<String> KEYS = Set.of("type", "target", "dst", "destination", "source", "src", "from",
      "id", "readonly", "ro", "rw", "readwrite", "sharing", "mode", "uid", "gid", "required");
  private static final Map<String, ReentrantLock> LOCKED = new ConcurrentHashMap<>();

  /** One parsed {@code --mount}. */
  record Spec(String type, String target, Optional<String> source, Optional<String> from, Optional<String> id,
      boolean readOnly, String sharing, int mode, long uid, long gid) {}

  private RunMounts() {}

  /** The value of {@code key} in a raw mount spec, if present. */
  static Optional<String> option(String raw, String key) {
    for (String part : raw.split(",")) {
      String[] kv = part.split("=", 2);
      if (kv[0].trim().equalsIgnoreCase(key)) return Optional.of(kv.length == 2 ? kv[1].trim() : "");
    }
    return Optional.empty();
  }

  static Spec parse(String raw) {
    Map<String, String> kv = new LinkedHashMap<>();
    for (String part : raw.split(",")) {
      if (part.isBlank()) continue;
      String[] p = part.split("=", 2);
      String key = p[0].trim().toLowerCase(java.util.Locale.ROOT);
      if (!KEYS.contains(key)) throw BerthException.invalid("unexpected key '%s' in '%s'", key, part);
      kv.put(key, p.length == 2 ? p[1].trim() : "true");
    }
    String type = kv.getOrDefault("type", "bind");
    switch (type) {
      case "bind", "cache" -> { }
      case "secret", "ssh", "tmpfs" -> throw BerthException.invalid(
          "RUN --mount=type=%s is not supported by berth's builder (supported: cache, bind)", type);
      default -> throw BerthException.invalid("unsupported mount type %s", type);
    }
    String target = first(kv, "target", "dst", "destination")
        .orElseThrow(() -> BerthException.invalid("mount: target is required in '%s'", raw));
    if (!target.startsWith("/")) target = "/" + target;
    boolean rw = flag(kv, "rw") || flag(kv, "readwrite");
    boolean ro = flag(kv, "readonly") || flag(kv, "ro");
    boolean readOnly = type.equals("bind") ? !rw : ro;
    int mode = 0755;
    if (kv.containsKey("mode")) {
      try {
        mode = Integer.parseInt(kv.get("mode"), 8);
      } catch (NumberFormatException e) {
        throw BerthException.invalid("invalid mode %s in '%s'", kv.get("mode"), raw);
      }
    }
    return new Spec(type, target, first(kv, "source", "src"), Optional.ofNullable(kv.get("from")),
        Optional.ofNullable(kv.get("id")), readOnly, kv.getOrDefault("sharing", "shared"), mode,
        number(kv, "uid", raw), number(kv, "gid", raw));
  }

  private static Optional<String> first(Map<String, String> kv, String... keys) {
    for (String k : keys) if (kv.containsKey(k)) return Optional.of(kv.get(k));
    return Optional.empty();
  }

  private static boolean flag(Map<String, String> kv, String key) {
    return kv.containsKey(key) && !kv.get(key).equalsIgnoreCase("false");
  }

  private static long number(Map<String, String> kv, String key, String raw) {
    try {
      return Long.parseLong(kv.getOrDefault(key, "0"));
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid %s %s in '%s'", key, kv.get(key), raw);
    }
  }

  /** Mounts made for one RUN, released (and throw-away copies deleted) by {@link #close()}. */
  static final class Prepared implements AutoCloseable {
    final List<BindMount> binds = new ArrayList<>();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @Override public void close() {
      for (AutoCloseable c : cleanup.reversed()) {
        try {
          c.close();
        } catch (Exception ignored) {
          // best effort: the next start-up wipes the data root's tmp
        }
      }
    }
  }

  /**
   * @param cacheRoot the directory cache mounts live in
   * @param tmp       where throw-away copies go
   * @param rootOf    the host directory holding a stage's or image's files (valid until the Prepared closes)
   */
  static Prepared prepare(List<Spec> specs, Path context, Path cacheRoot, Path tmp,
      java.util.function.BiFunction<String, Prepared, Path> rootOf) throws IOException {
    Prepared p = new Prepared();
    try {
      for (Spec s : specs) {
        if (s.type().equals("cache")) {
          String id = s.id().orElse(s.target());
          Path dir = cacheRoot.resolve(Digest.sha256(id.getBytes(StandardCharsets.UTF_8)).hex());
          if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(perms(s.mode())));
            Files.setAttribute(dir, "unix:uid", (int) s.uid());
            Files.setAttribute(dir, "unix:gid", (int) s.gid());
          }
          if (s.sharing().equals("locked")) {
            ReentrantLock lock = LOCKED.computeIfAbsent(id, k -> new ReentrantLock());
            lock.lock();
            p.cleanup.add(lock::unlock);
          }
          p.binds.add(BindMount.ofMount(dir.toString(), s.target(), s.readOnly(), "", true));
        } else {
          Path root = s.from().isPresent() ? rootOf.apply(s.from().get(), p) : context;
          String rel = s.source().orElse(".");
          Path src = root.resolve(rel.startsWith("/") ? rel.substring(1) : rel).normalize();
          if (!src.startsWith(root)) throw BerthException.invalid("mount source %s is outside its root", rel);
          if (Files.isSymbolicLink(src) || !Files.exists(src)) {
            throw BerthException.invalid("failed to compute cache key: \"/%s\" not found", rel);
          }
          if (!s.readOnly()) src = throwAwayCopy(src, tmp, p);
          p.binds.add(BindMount.ofMount(src.toString(), s.target(), s.readOnly(), "", true));
        }
      }
      return p;
    } catch (IOException | RuntimeException e) {
      p.close();
      throw e;
    }
  }

  private static Path throwAwayCopy(Path src, Path tmp, Prepared p) throws IOException {
    Files.createDirectories(tmp);
    Path dir = Files.createTempDirectory(tmp, "bind-");
    p.cleanup.add(() -> AtomicFiles.deleteRecursively(dir));
    Path copy = dir.resolve("src");
    Process cp = new ProcessBuilder("cp", "-a", src.toString(), copy.toString()).redirectErrorStream(true).start();
    try {
      if (cp.waitFor() != 0) {
        throw BerthException.internal("copying " + src + ": " + new String(cp.getInputStream().readAllBytes()), null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return copy;
  }

  private static String perms(int mode) {
    StringBuilder sb = new StringBuilder();
    String rwx = "rwx";
    for (int i = 8; i >= 0; i--) sb.append((mode & (1 << i)) != 0 ? rwx.charAt((8 - i) % 3) : '-');
    return sb.toString();
  }
}
