package io.berth.engine.image;

import io.berth.engine.archive.AppliedLayer;
import io.berth.engine.archive.LayerApplier;
import io.berth.engine.snapshot.Snapshotter;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.ChainIds;
import io.berth.store.ContentStore;
import io.berth.store.MetadataStore;
import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.UUID;

/**
 * Layers: each is unpacked exactly once into a committed snapshot whose key is its chain ID, so
 * every image (and every container) that shares a base shares its directory on disk. The
 * {@code layers} table records which blob it came from, for {@code docker save}.
 */
public final class LayerStore {
  /** A registered layer. */
  public record Layer(Digest chainId, Digest diffId, Optional<Digest> parent, Optional<Digest> blob,
      String blobMediaType, long blobSize, long size) {}

  private final MetadataStore db;
  private final ContentStore content;
  private final Snapshotter snapshotter;

  public LayerStore(MetadataStore db, ContentStore content, Snapshotter snapshotter) {
    this.db = db;
    this.content = content;
    this.snapshotter = snapshotter;
  }

  public Optional<Layer> get(Digest chainId) {
    return db.read(conn -> {
      try (PreparedStatement q = conn.prepareStatement("SELECT * FROM layers WHERE chain_id = ?")) {
        q.setString(1, chainId.toString());
        try (ResultSet rs = q.executeQuery()) {
          if (!rs.next()) return Optional.empty();
          String parent = rs.getString("parent");
          String blob = rs.getString("blob_digest");
          return Optional.of(new Layer(chainId, Digest.parse(rs.getString("diff_id")),
              parent == null ? Optional.empty() : Optional.of(Digest.parse(parent)),
              blob == null ? Optional.empty() : Optional.of(Digest.parse(blob)),
              Optional.ofNullable(rs.getString("blob_media_type")).orElse(""), rs.getLong("blob_size"),
              rs.getLong("size")));
        }
      }
    });
  }

  /**
   * Unpacks stored blob {@code blob} on top of {@code parent}, unless a layer with the same chain
   * already exists ("Already exists"). Verifies the diff ID when the image config names it: a
   * mismatch or a broken archive removes everything this call made and throws InvalidArgument.
   */
  public Layer register(Digest blob, String mediaType, Optional<Digest> parent, Optional<Digest> expectedDiffId)
      throws IOException {
    if (expectedDiffId.isPresent()) {
      Optional<Layer> existing = get(ChainIds.next(parent, expectedDiffId.get()));
      if (existing.isPresent()) return existing.get();
    }
    String key = "extract-" + UUID.randomUUID();
    var dir = snapshotter.prepare(key, parent.map(Digest::toString));
    AppliedLayer applied;
    try (InputStream in = content.open(blob)) {
      applied = LayerApplier.apply(in, dir);
    } catch (IOException | RuntimeException e) {
      snapshotter.remove(key);
      if (e instanceof BerthException be) throw be;
      throw new BerthException.InvalidArgument("invalid layer archive: " + e.getMessage(), e);
    }
    if (expectedDiffId.isPresent() && !expectedDiffId.get().equals(applied.diffId())) {
      snapshotter.remove(key);
      throw BerthException.invalid("layer diff id mismatch: expected %s, got %s", expectedDiffId.get(), applied.diffId());
    }
    Digest chain = ChainIds.next(parent, applied.diffId());
    Optional<Layer> existing = get(chain);
    if (existing.isPresent()) {
      snapshotter.remove(key);
      return existing.get();
    }
    // Docker's layer size (overlay2's ApplyDiff: directory.Size of the unpacked layer): the sizes of
    // its files and symlinks, hard links once; not the tar stream's length.
    long size = snapshotter.usage(key);
    Layer layer = new Layer(chain, applied.diffId(), parent, Optional.of(blob), mediaType, content.size(blob), size);
    // The snapshot's commit and the layer row are one transaction (the snapshotter's write joins this
    // one): a crash between them would leave a committed snapshot no layer names, and a second load
    // of the same layer would then fail with "snapshot already exists".
    db.write(conn -> {
      snapshotter.commit(chain.toString(), key);
      try (PreparedStatement ins = conn.prepareStatement("INSERT INTO layers(chain_id, diff_id, parent, blob_digest, "
          + "blob_media_type, blob_size, size, created) VALUES (?,?,?,?,?,?,?,?)")) {
        ins.setString(1, chain.toString());
        ins.setString(2, layer.diffId().toString());
        ins.setString(3, parent.map(Digest::toString).orElse(null));
        ins.setString(4, blob.toString());
        ins.setString(5, mediaType);
        ins.setLong(6, layer.blobSize());
        ins.setLong(7, layer.size());
        ins.setLong(8, System.currentTimeMillis());
        ins.executeUpdate();
      }
      return null;
    });
    return layer;
  }

  /** A layer unpacked into its own (parentless, active) snapshot {@code key}, not yet stacked. */
  public record Unpacked(String key, Digest blob, Digest diffId, long size) {}

  /**
   * Unpacks stored blob {@code blob} into a new parentless snapshot, for {@link #stack} later. Safe to
   * call from several threads at once (each call has its own directory). On failure nothing is left
   * and InvalidArgument (a broken archive) or Internal (the file system) is thrown.
   */
  public Unpacked unpack(Digest blob) throws IOException {
    String key = "extract-" + UUID.randomUUID();
    var dir = snapshotter.prepare(key, Optional.empty());
    try (InputStream in = content.open(blob)) {
      AppliedLayer applied = LayerApplier.apply(in, dir);
      // Docker's layer size, as in register: the unpacked files' sizes, not the tar stream's length
      return new Unpacked(key, blob, applied.diffId(), snapshotter.usage(key));
    } catch (IOException | RuntimeException e) {
      snapshotter.remove(key);
      if (e instanceof BerthException be) throw be;
      throw new BerthException.InvalidArgument("invalid layer archive: " + e.getMessage(), e);
    }
  }

  /**
   * As {@link #unpack}, but from {@code in} as it streams (a layer arriving from a registry, being
   * stored as {@code blob} at the same time): the caller verifies and commits the blob before it
   * {@link #stack}s the result, and {@link #discard}s it when the blob turns out wrong.
   */
  public Unpacked unpack(Digest blob, InputStream in) throws IOException {
    String key = "extract-" + UUID.randomUUID();
    var dir = snapshotter.prepare(key, Optional.empty());
    try {
      AppliedLayer applied = LayerApplier.apply(in, dir);
      return new Unpacked(key, blob, applied.diffId(), snapshotter.usage(key));
    } catch (RuntimeException e) {
      snapshotter.remove(key);
      if (e instanceof BerthException be) throw be;
      throw new BerthException.InvalidArgument("invalid layer archive: " + e.getMessage(), e);
    }
  }

  /** Removes the snapshot of a layer {@link #unpack}ed but not stacked. */
  public void discard(Unpacked u) {
    snapshotter.remove(u.key());
  }

  /**
   * Registers unpacked layer {@code u} on top of layer {@code parent} (already registered). When
   * the resulting chain exists already its snapshot is discarded and the existing layer returned.
   */
  public Layer stack(Unpacked u, String mediaType, Optional<Digest> parent) throws IOException {
    Digest chain = ChainIds.next(parent, u.diffId());
    Optional<Layer> existing = get(chain);
    if (existing.isPresent()) {
      discard(u);
      return existing.get();
    }
    Layer layer = new Layer(chain, u.diffId(), parent, Optional.of(u.blob()), mediaType, content.size(u.blob()),
        u.size());
    // One transaction (the snapshotter's write joins this one): a crash cannot leave a committed
    // snapshot that no layer row names.
    db.write(conn -> {
      snapshotter.commitOnto(chain.toString(), u.key(), parent.map(Digest::toString));
      insert(layer);
      return null;
    });
    return layer;
  }

  private void insert(Layer layer) {
    db.write(conn -> {
      try (PreparedStatement ins = conn.prepareStatement("INSERT INTO layers(chain_id, diff_id, parent, blob_digest, "
          + "blob_media_type, blob_size, size, created) VALUES (?,?,?,?,?,?,?,?)")) {
        ins.setString(1, layer.chainId().toString());
        ins.setString(2, layer.diffId().toString());
        ins.setString(3, layer.parent().map(Digest::toString).orElse(null));
        ins.setString(4, layer.blob().orElseThrow().toString());
        ins.setString(5, layer.blobMediaType());
        ins.setLong(6, layer.blobSize());
        ins.setLong(7, layer.size());
        ins.setLong(8, System.currentTimeMillis());
        ins.executeUpdate();
      }
      return null;
    });
  }

  /** True when some layer was unpacked from {@code blob}. */
  public boolean blobInUse(Digest blob) {
    return db.read(conn -> {
      try (PreparedStatement q = conn.prepareStatement("SELECT 1 FROM layers WHERE blob_digest = ?")) {
        q.setString(1, blob.toString());
        try (ResultSet rs = q.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /**
   * Removes layer {@code chainId} and then its parents, stopping at the first one still used (a
   * child snapshot exists: another layer or a container's writable layer), or named in
   * {@code keep}. Blobs no layer refers to any more are deleted.
   */
  public void release(Digest chainId, java.util.Set<Digest> keep) throws IOException {
    Optional<Digest> current = Optional.of(chainId);
    while (current.isPresent() && !keep.contains(current.get())) {
      Optional<Layer> layer = get(current.get());
      if (layer.isEmpty()) return;
      try {
        snapshotter.remove(current.get().toString());
      } catch (BerthException.Conflict inUse) {
        return;
      }
      Digest gone = current.get();
      boolean blobUnused = db.write(conn -> {
        try (PreparedStatement del = conn.prepareStatement("DELETE FROM layers WHERE chain_id = ?")) {
          del.setString(1, gone.toString());
          del.executeUpdate();
        }
        if (layer.get().blob().isEmpty()) return false;
        try (PreparedStatement q = conn.prepareStatement("SELECT 1 FROM layers WHERE blob_digest = ?")) {
          q.setString(1, layer.get().blob().get().toString());
          try (ResultSet rs = q.executeQuery()) {
            return !rs.next();
          }
        }
      });
      if (blobUnused) content.delete(layer.get().blob().get());
      current = layer.get().parent();
    }
  }

  /** Every registered layer (for garbage collection and {@code system check}). */
  public java.util.List<Layer> all() {
    return db.read(conn -> {
      var out = new java.util.ArrayList<Layer>();
      try (PreparedStatement q = conn.prepareStatement("SELECT * FROM layers ORDER BY created, chain_id");
          ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          String parent = rs.getString("parent");
          String blob = rs.getString("blob_digest");
          out.add(new Layer(Digest.parse(rs.getString("chain_id")), Digest.parse(rs.getString("diff_id")),
              parent == null ? Optional.empty() : Optional.of(Digest.parse(parent)),
              blob == null ? Optional.empty() : Optional.of(Digest.parse(blob)),
              Optional.ofNullable(rs.getString("blob_media_type")).orElse(""), rs.getLong("blob_size"),
              rs.getLong("size")));
        }
      }
      return out;
    });
  }

  /**
   * Deletes the row of layer {@code chainId} (not its snapshot or blob: the garbage collector removes
   * those itself). Children must be gone first.
   */
  public void forget(Digest chainId) {
    db.write(conn -> {
      try (PreparedStatement del = conn.prepareStatement("DELETE FROM layers WHERE chain_id = ?")) {
        del.setString(1, chainId.toString());
        del.executeUpdate();
      }
      return null;
    });
  }
}
