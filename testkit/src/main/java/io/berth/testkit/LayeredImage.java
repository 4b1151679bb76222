package io.berth.testkit;

import io.berth.oci.Digest;
import io.berth.oci.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Multi-layer images as {@code docker save} archives (the legacy {@code manifest.json} layout, which
 * every docker and berth load), written to files so that layers of hundreds of megabytes never sit in
 * memory. Layers are plain (uncompressed) tars made here: the busybox rootfs, a file of seeded random
 * bytes, or a few small text files. The same inputs give the same bytes, hence the same diff IDs,
 * chain IDs and image IDs: images built on one base share its layer.
 *
 * <p>Stateless; errors are {@link UncheckedIOException}s.
 */
public final class LayeredImage {
  /** A layer tar on disk and its diff ID (sha256 of the tar). */
  public record Layer(Path tar, Digest diffId) {}

  private LayeredImage() {}

  /** The busybox rootfs (see {@link BusyboxImage}) as a layer. */
  public static Layer busybox(Path out) {
    write(out, new BusyboxImage().layerBytes());
    return new Layer(out, hash(out));
  }

  /** A layer holding {@code name}: {@code bytes} random bytes from {@code seed} (incompressible, deterministic). */
  public static Layer randomFile(Path out, String name, long bytes, long seed) {
    try (OutputStream os = Files.newOutputStream(out); var tar = open(os)) {
      var e = entry(name, bytes);
      tar.putArchiveEntry(e);
      var rnd = new SplittableRandom(seed);
      byte[] buf = new byte[1 << 16];
      for (long left = bytes; left > 0; ) {
        for (int i = 0; i < buf.length; i += 8) {
          long v = rnd.nextLong();
          for (int j = 0; j < 8 && i + j < buf.length; j++) buf[i + j] = (byte) (v >>> (8 * j));
        }
        int n = (int) Math.min(buf.length, left);
        tar.write(buf, 0, n);
        left -= n;
      }
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Layer(out, hash(out));
  }

  /** A layer of small text files (path → content; directories are implied). */
  public static Layer files(Path out, Map<String, String> files) {
    try (OutputStream os = Files.newOutputStream(out); var tar = open(os)) {
      for (var f : files.entrySet()) {
        byte[] data = f.getValue().getBytes(StandardCharsets.UTF_8);
        tar.putArchiveEntry(entry(f.getKey(), data.length));
        tar.write(data);
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Layer(out, hash(out));
  }

  /**
   * Writes a {@code docker save} archive of one image made of {@code layers} (bottom first), tagged
   * {@code repoTag} (none when empty), with {@code labels}; returns its image ID.
   */
  public static Digest saveTar(Path out, String repoTag, List<Layer> layers, Map<String, String> labels) {
    return saveTar(out, repoTag, layers, labels, layers);
  }

  /**
   * As {@link #saveTar(Path, String, List, Map)}, with the layer files in the archive in the order of
   * {@code fileOrder} (the image's layer order stays {@code layers}'): a loader must not depend on it,
   * and crash tests use it to control what has arrived when a load is cut short.
   */
  public static Digest saveTar(Path out, String repoTag, List<Layer> layers, Map<String, String> labels,
      List<Layer> fileOrder) {
    return saveTar(out, repoTag, layers, labels, fileOrder, "linux/amd64");
  }

  /**
   * As {@link #saveTar(Path, String, List, Map, List)}, for another {@code platform}
   * ({@code os/arch[/variant]}, written into the config as is): a foreign image, stored but not runnable.
   */
  public static Digest saveTar(Path out, String repoTag, List<Layer> layers, Map<String, String> labels,
      List<Layer> fileOrder, String platform) {
    String[] p = platform.split("/");
    List<String> diffIds = new ArrayList<>();
    for (Layer l : layers) diffIds.add(l.diffId().toString());
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("architecture", p[1]);
    if (p.length > 2) cfg.put("variant", p[2]);
    cfg.put("os", p[0]);
    cfg.put("created", BusyboxImage.EPOCH.toString());
    cfg.put("config", Map.of("Env", List.of(BusyboxImage.PATH_ENV), "Cmd", List.of("sh"), "Labels", labels));
    cfg.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
    byte[] config = Json.bytes(cfg);
    Digest id = Digest.sha256(config);
    List<String> layerNames = new ArrayList<>();
    for (Layer l : layers) layerNames.add(l.diffId().hex() + "/layer.tar");
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("Config", id.hex() + ".json");
    manifest.put("RepoTags", repoTag.isEmpty() ? List.of() : List.of(repoTag));
    manifest.put("Layers", layerNames);
    try (OutputStream os = Files.newOutputStream(out); var tar = open(os)) {
      put(tar, id.hex() + ".json", config);
      var seen = new java.util.HashSet<Digest>();
      for (Layer l : fileOrder) {
        if (!seen.add(l.diffId())) continue;
        tar.putArchiveEntry(entry(l.diffId().hex() + "/layer.tar", Files.size(l.tar())));
        Files.copy(l.tar(), tar);
        tar.closeArchiveEntry();
      }
      put(tar, "manifest.json", Json.bytes(List.of(manifest)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return id;
  }

  private static TarArchiveOutputStream open(OutputStream os) {
    var tar = new TarArchiveOutputStream(os, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    return tar;
  }

  private static TarArchiveEntry entry(String name, long size) {
    var e = new TarArchiveEntry(name);
    e.setMode(0100644);
    e.setSize(size);
    e.setModTime(java.util.Date.from(BusyboxImage.EPOCH));
    e.setUserId(0);
    e.setGroupId(0);
    return e;
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
    tar.putArchiveEntry(entry(name, data.length));
    tar.write(data);
    tar.closeArchiveEntry();
  }

  private static void write(Path out, byte[] data) {
    try {
      Files.write(out, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Digest hash(Path file) {
    MessageDigest md = Digest.newSha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Digest.ofSha256(md);
  }
}
