package io.berth.engine.gc;

import io.berth.oci.Digest;
import io.berth.oci.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Tiny {@code docker save} archives (legacy manifest.json layout) for store tests. */
final class SaveTars {
  private SaveTars() {}

  /** A layer tar holding one file {@code name} with {@code text}. */
  static byte[] layer(String name, String text) {
    return tar(Map.of(name, text.getBytes(StandardCharsets.UTF_8)));
  }

  /** An archive with one image of {@code layers} (bottom first), tagged {@code tag} unless empty. */
  static byte[] image(String tag, String label, byte[]... layers) {
    List<String> diffIds = new ArrayList<>();
    for (byte[] l : layers) diffIds.add(Digest.sha256(l).toString());
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("architecture", "amd64");
    cfg.put("os", "linux");
    cfg.put("created", "2024-01-01T00:00:00Z");
    cfg.put("config", Map.of("Cmd", List.of("sh"), "Labels", Map.of("test", label)));
    cfg.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
    byte[] config = Json.bytes(cfg);
    Map<String, byte[]> files = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < layers.length; i++) {
      files.put("l" + i + ".tar", layers[i]);
      names.add("l" + i + ".tar");
    }
    files.put("config.json", config);
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("Config", "config.json");
    entry.put("RepoTags", tag.isEmpty() ? List.of() : List.of(tag));
    entry.put("Layers", names);
    files.put("manifest.json", Json.bytes(List.of(entry)));
    return tar(files);
  }

  private static byte[] tar(Map<String, byte[]> files) {
    var out = new ByteArrayOutputStream();
    try (var tar = new TarArchiveOutputStream(out)) {
      for (var f : files.entrySet()) {
        var e = new TarArchiveEntry(f.getKey());
        e.setSize(f.getValue().length);
        tar.putArchiveEntry(e);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
