package io.berth.engine.volume;

import io.berth.oci.errors.BerthException;
import io.berth.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The volume use cases with dockerd's rules and texts (moby {@code volume/service},
 * {@code volume/local}). Only the {@code local} driver exists. Containers reach volumes through
 * {@link io.berth.engine.container.VolumeAccess}.
 */
public final class VolumeService implements io.berth.engine.container.VolumeAccess {
  public static final String LOCAL = "local";
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
  /** The local driver's options (moby volume/local validOpts); {@code size} only matters for tmpfs. */
  private static final Set<String> LOCAL_OPTIONS = Set.of("type", "device", "o", "size");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final VolumeStore store;
  private final Function<String, List<String>> users;
  private final Clock clock;
  private final Object lock = new Object();

  /** @param users the IDs of the containers that reference a volume (by name), running or not */
  public VolumeService(VolumeStore store, Function<String, List<String>> users, Clock clock) {
    this.store = store;
    this.users = users;
    this.clock = clock;
  }

  /** A volume and what {@code system df} shows of it. */
  public record Usage(Volume volume, long size, int refCount) {}

  /** The outcome of a prune: the names removed and the bytes their data took. */
  public record Pruned(List<String> names, long reclaimed) {}

  /**
   * Creates a volume, or returns the existing one of that name (Docker's create is idempotent; a
   * different driver is a conflict). An empty name makes an anonymous volume with a random 64-hex name.
   */
  public Volume create(String name, String driver, Map<String, String> labels, Map<String, String> options) {
    String drv = driver == null || driver.isEmpty() ? LOCAL : driver;
    if (!drv.equals(LOCAL)) throw BerthException.notFound("error looking up volume plugin %s: plugin \"%s\" not found", drv, drv);
    boolean anonymous = name == null || name.isEmpty();
    String n = anonymous ? randomName() : name;
    if (!anonymous && !NAME.matcher(n).matches()) {
      throw BerthException.invalid("create %s: \"%s\" includes invalid characters for a local volume name, only "
          + "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path", n, n);
    }
    Map<String, String> opts = options == null ? Map.of() : options;
    for (String k : opts.keySet()) {
      if (!LOCAL_OPTIONS.contains(k)) throw BerthException.invalid("create %s: invalid option key: \"%s\"", n, k);
    }
    if (opts.containsKey("size") && !"tmpfs".equals(opts.get("type"))) {
      throw BerthException.invalid("create %s: quota size requested but no quota support", n);
    }
    Map<String, String> lbls = new LinkedHashMap<>(labels == null ? Map.of() : labels);
    if (anonymous) lbls.putIfAbsent(Volume.ANONYMOUS_LABEL, "");
    synchronized (lock) {
      Optional<Volume> existing = store.get(n);
      if (existing.isPresent()) {
        if (!existing.get().driver().equals(drv)) {
          throw BerthException.conflict("create %s: volume name must be unique", n);
        }
        return existing.get();
      }
      Path dir = store.volumesDir().resolve(n);
      Path data = dir.resolve("_data");
      try {
        Files.createDirectories(store.volumesDir());
        Files.createDirectories(data);
        // dockerd: the volume directory is 0701 (no listing of names by others), _data 0755.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx-----x"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
      } catch (IOException e) {
        throw BerthException.internal("create " + n + ": " + e.getMessage(), e);
      }
      return store.insertIfAbsent(new Volume(n, drv, clock.instant(), anonymous, lbls, opts, data));
    }
  }

  public Volume get(String name) {
    return store.get(name).orElseThrow(() -> BerthException.notFound("get %s: no such volume", name));
  }

  public Optional<Volume> find(String name) { return store.get(name); }

  public List<Volume> list() { return store.all(); }

  /** The containers referencing {@code name}. */
  public List<String> users(String name) { return users.apply(name); }

  /**
   * Removes a volume; refused (409) while a container references it. {@code force} only makes a
   * missing volume no error, as in dockerd.
   */
  public void remove(String name, boolean force) {
    synchronized (lock) {
      Optional<Volume> v = store.get(name);
      if (v.isEmpty()) {
        if (force) return;
        throw BerthException.notFound("get %s: no such volume", name);
      }
      List<String> using = users.apply(name);
      if (!using.isEmpty()) {
        throw BerthException.conflict("remove %s: volume is in use - [%s]", name, String.join(", ", using));
      }
      delete(v.get());
    }
  }

  /**
   * Removes the unused volumes {@code select} accepts; without {@code all} only anonymous ones
   * (API 1.42+; older clients get {@code all}).
   */
  public Pruned prune(boolean all, Predicate<Volume> select) {
    List<String> names = new ArrayList<>();
    long reclaimed = 0;
    synchronized (lock) {
      for (Volume v : store.all()) {
        if (!all && !v.anonymous()) continue;
        if (!select.test(v) || !users.apply(v.name()).isEmpty()) continue;
        long size = size(v);
        delete(v);
        names.add(v.name());
        reclaimed += size;
      }
    }
    return new Pruned(names, reclaimed);
  }

  /** Every volume with its size and reference count, for {@code system df}. */
  public List<Usage> usage() {
    List<Usage> out = new ArrayList<>();
    for (Volume v : store.all()) out.add(new Usage(v, size(v), users.apply(v.name()).size()));
    return out;
  }

  /** The bytes under a volume's data directory (files and symlinks, not followed); -1 when unreadable. */
  public static long size(Volume v) {
    if (!Files.isDirectory(v.mountpoint())) return 0;
    long[] total = {0};
    try {
      Files.walkFileTree(v.mountpoint(), new SimpleFileVisitor<>() {
        @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() || attrs.isSymbolicLink()) total[0] += attrs.size();
          return FileVisitResult.CONTINUE;
        }

        @Override public FileVisitResult visitFileFailed(Path file, IOException e) { return FileVisitResult.CONTINUE; }
      });
    } catch (IOException e) {
      return -1;
    }
    return total[0];
  }

  // ---- what containers use (VolumeAccess) -------------------------------------------------------

  @Override public VolumeRef obtain(String name, String driver, Map<String, String> labels,
      Map<String, String> options) {
    return ref(create(name, driver, labels, options));
  }

  @Override public Optional<VolumeRef> lookup(String name) {
    return store.get(name).map(VolumeService::ref);
  }

  @Override public Path prepare(String name) {
    Volume v = get(name);
    VolumeDevices.mount(v);
    return v.mountpoint();
  }

  @Override public void release(String name) {
    store.get(name).ifPresent(v -> {
      try {
        VolumeDevices.unmount(v);
      } catch (IOException e) {
        System.err.println("berthd: unmounting volume " + name + " failed: " + e.getMessage());
      }
    });
  }

  @Override public boolean removeIfUnused(String name) {
    synchronized (lock) {
      Optional<Volume> v = store.get(name);
      if (v.isEmpty() || !users.apply(name).isEmpty()) return false;
      delete(v.get());
      return true;
    }
  }

  private static VolumeRef ref(Volume v) {
    return new VolumeRef(v.name(), v.driver(), v.mountpoint(), v.options());
  }

  private void delete(Volume v) {
    try {
      VolumeDevices.unmount(v);
      // deleteRecursively refuses to descend into another filesystem: a volume still mounted
      // somewhere (a tmpfs volume of a running container) is never emptied through its mount.
      AtomicFiles.deleteRecursively(store.volumesDir().resolve(v.name()));
    } catch (IOException e) {
      throw BerthException.internal("remove " + v.name() + ": " + e.getMessage(), e);
    }
    store.delete(v.name());
  }

  private static String randomName() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
