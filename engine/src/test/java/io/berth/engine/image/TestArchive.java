package io.berth.engine.image;

import io.berth.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds image archives (layers, configs, docker and OCI layouts) in memory for loader tests. */
final class TestArchive {
  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final Map<String, String> symlinks = new LinkedHashMap<>();

  /** A layer tar holding {@code name} with {@code size} bytes (random, so it does not compress). */
  static byte[] layer(String name, int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return tar(Map.of(name, data));
  }

  static byte[] layer(String name, String text) {
    return tar(Map.of(name, text.getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] tar(Map<String, byte[]> entries) {
    var out = new ByteArrayOutputStream();
    try (var tar = new TarArchiveOutputStream(out)) {
      for (var e : entries.entrySet()) {
        var te = new TarArchiveEntry(e.getKey());
        te.setSize(e.getValue().length);
        tar.putArchiveEntry(te);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] gzip(byte[] data) {
    var out = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** An image config with {@code diffIds} (of the uncompressed layers) and a label to tell images apart. */
  static byte[] config(String label, List<byte[]> uncompressedLayers) {
    List<String> ids = new ArrayList<>();
    for (byte[] l : uncompressedLayers) ids.add("\"" + Digest.sha256(l) + "\"");
    return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"name\":\"" + label + "\"}},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + String.join(",", ids) + "]}}").getBytes(StandardCharsets.UTF_8);
  }

  static String blobPath(byte[] data) {
    return "blobs/sha256/" + Digest.sha256(data).hex();
  }

  TestArchive file(String name, byte[] data) {
    files.put(name, data);
    return this;
  }

  TestArchive file(String name, String text) {
    return file(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds {@code data} as {@code blobs/sha256/<hex>}; returns that path. */
  String blob(byte[] data) {
    String p = blobPath(data);
    files.put(p, data);
    return p;
  }

  TestArchive symlink(String name, String target) {
    symlinks.put(name, target);
    return this;
  }

  byte[] bytes() {
    var out = new ByteArrayOutputStream();
    try (var tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (var e : files.entrySet()) {
        var te = new TarArchiveEntry(e.getKey());
        te.setSize(e.getValue().length);
        tar.putArchiveEntry(te);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
      for (var e : symlinks.entrySet()) {
        var te = new TarArchiveEntry(e.getKey(), TarConstants.LF_SYMLINK);
        te.setLinkName(e.getValue());
        tar.putArchiveEntry(te);
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
