package io.berth.engine.image;

import io.berth.engine.archive.Compression;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import io.berth.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image archive ({@code docker save} tar, OCI layout tar), read once from front to back: small
 * files (JSON: manifests, configs, {@code index.json}) are kept in memory, large ones (layers) go
 * straight into the content store while they stream — a blob named {@code blobs/sha256/<hex>} is
 * verified against its name as it is written, and one the store already holds is skipped unread.
 * Nothing is copied to a temp dir, so a layer is written to disk once as a blob (and once unpacked).
 *
 * <p>Not thread-safe: one load owns it. Blobs this archive added to the store are listed in
 * {@link #created()}; the loader deletes them again when the load fails.
 */
final class ArchiveContents {
  /** Files up to this size stay in memory; JSON documents are far smaller, layers usually larger. */
  static final int SMALL = 1 << 20;
  private static final Pattern BLOB_NAME = Pattern.compile("blobs/sha256/[0-9a-f]{64}");
  private static final int MAX_LINKS = 16;

  private final ContentStore content;
  private final Map<String, byte[]> small = new HashMap<>();
  private final Map<String, Digest> stored = new HashMap<>();
  private final Map<String, String> links = new HashMap<>();
  private final Set<Digest> created = new LinkedHashSet<>();

  private ArchiveContents(ContentStore content) {
    this.content = content;
  }

  /**
   * Reads {@code archive} (plain or compressed tar) to its end. {@code onLargeBlob} is called with
   * each large file just stored, while the rest of the archive is still being read.
   *
   * @throws BerthException.InvalidArgument for a broken archive or a blob that does not match its name
   */
  static ArchiveContents read(InputStream archive, ContentStore content, Consumer<Digest> onLargeBlob)
      throws IOException {
    ArchiveContents c = new ArchiveContents(content);
    try {
      c.readAll(archive, onLargeBlob);
      return c;
    } catch (IOException | RuntimeException e) {
      c.deleteCreated(d -> false);
      if (e instanceof BerthException be) throw be;
      throw new BerthException.InvalidArgument("invalid archive: " + lower(e.getMessage()), e);
    }
  }

  private void readAll(InputStream archive, Consumer<Digest> onLargeBlob) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Compression.decompressing(archive))) {
      TarArchiveEntry e;
      int count = 0;
      while ((e = tar.getNextEntry()) != null) {
        count++;
        String name = ArchiveLoader.safeName(e.getName());
        if (name.isEmpty() || e.isDirectory()) continue;
        if (e.isSymbolicLink()) {
          String parent = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
          links.put(name, ArchiveLoader.safeName(parent + e.getLinkName()));
        } else if (e.isLink()) {
          links.put(name, ArchiveLoader.safeName(e.getLinkName())); // hard links name the target from the root
        } else if (e.isFile()) {
          if (e.getSize() <= SMALL) {
            byte[] data = tar.readNBytes((int) e.getSize());
            if (data.length != e.getSize()) throw BerthException.invalid("invalid archive: %s is truncated", name);
            small.put(name, data);
          } else {
            Digest d = store(tar, name, e.getSize());
            stored.put(name, d);
            onLargeBlob.accept(d);
          }
        }
      }
      if (count == 0) throw BerthException.invalid("invalid archive: empty or not a tar archive");
    }
  }

  /** Streams one large entry into the content store, verifying it when its name is its digest. */
  private Digest store(InputStream tar, String name, long size) throws IOException {
    Optional<Digest> expected = BLOB_NAME.matcher(name).matches()
        ? Optional.of(Digest.parse("sha256:" + name.substring(name.lastIndexOf('/') + 1))) : Optional.empty();
    if (expected.isPresent() && content.exists(expected.get())) return expected.get(); // the reader skips it
    // "put-": the prefix of private, never resumed ingests, which the store deletes at start-up (a crash)
    try (ContentStore.Ingest w = content.ingest("put-load-" + UUID.randomUUID())) {
      OutputStream out = w.stream();
      long copied = tar.transferTo(out);
      if (copied != size) throw BerthException.invalid("invalid archive: %s is truncated", name);
      boolean existed = expected.isPresent() && content.exists(expected.get());
      Digest d;
      try {
        d = w.commit(expected, size);
      } catch (BerthException.InvalidArgument mismatch) {
        throw BerthException.invalid("invalid archive: %s does not match its digest: %s", name, mismatch.getMessage());
      }
      if (!existed) created.add(d);
      return d;
    }
  }

  /** Whether the archive has file {@code name} (following links). */
  boolean has(String name) {
    String n = resolve(name);
    return small.containsKey(n) || stored.containsKey(n);
  }

  /** The bytes of file {@code name}, for JSON documents. */
  byte[] bytes(String name) throws IOException {
    String n = resolve(name);
    byte[] b = small.get(n);
    if (b != null) return b;
    Digest d = stored.get(n);
    if (d == null) throw BerthException.invalid("invalid archive: missing %s", name);
    if (content.size(d) > 64L << 20) throw BerthException.invalid("invalid archive: %s is too large for a manifest", name);
    try (InputStream in = content.open(d)) {
      return in.readAllBytes();
    }
  }

  /**
   * The stored blob of file {@code name} (a layer), storing it now when it was kept in memory.
   * When {@code expected} is given (an OCI descriptor's digest), the blob must have it.
   */
  Digest blob(String name, Optional<Digest> expected) throws IOException {
    String n = resolve(name);
    Digest d = stored.get(n);
    if (d == null) {
      byte[] b = small.get(n);
      if (b == null) throw BerthException.invalid("invalid archive: missing layer %s", name);
      Digest actual = Digest.sha256(b);
      boolean existed = content.exists(actual);
      d = content.put(b);
      if (!existed) created.add(d);
      stored.put(n, d);
    }
    if (expected.isPresent() && !expected.get().equals(d)) {
      throw BerthException.invalid("invalid archive: %s does not match its digest: expected %s, got %s", name,
          expected.get(), d);
    }
    return d;
  }

  /** Blobs that were not in the store before this archive was read. */
  Set<Digest> created() {
    return Set.copyOf(created);
  }

  /** Deletes the blobs this archive added, except those {@code inUse} says something refers to. */
  void deleteCreated(Predicate<Digest> inUse) {
    for (Digest d : new ArrayList<>(created)) {
      try {
        if (!inUse.test(d)) content.delete(d);
      } catch (IOException | RuntimeException e) {
        // left for garbage collection: nothing refers to it
      }
    }
  }

  private String resolve(String name) {
    String n = ArchiveLoader.safeName(name);
    for (int i = 0; i < MAX_LINKS && links.containsKey(n); i++) n = links.get(n);
    return n;
  }

  private static String lower(String s) {
    if (s == null || s.isBlank()) return "unreadable";
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
