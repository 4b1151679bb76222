package io.berth.testkit;

import io.berth.oci.Digest;
import io.berth.oci.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A local stand-in for {@code testcontainers/ryuk} (no registry here): the {@link BusyboxImage} rootfs
 * plus {@code /bin/ryuk}, which serves Testcontainers' side of the Ryuk protocol on TCP 8080 — every
 * filter line received ({@code label=org.testcontainers.sessionId=…}) is answered {@code ACK} and
 * logged to stderr — and prints {@code Started!} once the port is served (Testcontainers connects as
 * soon as it reads that line). It exposes {@code 8080/tcp}, as the real image does.
 *
 * <p>Unlike the real Ryuk it prunes nothing when the session ends: busybox has no client for the
 * Docker socket that Testcontainers bind-mounts at {@code /var/run/docker.sock}. It exits (and, being
 * {@code AutoRemove}, disappears) when stopped.
 *
 * <p>Use {@code TESTCONTAINERS_RYUK_CONTAINER_IMAGE=berth-it/ryuk:latest} after
 * {@link #dockerSaveTar} was loaded. Output is deterministic (see {@link BusyboxImage}). Stateless.
 */
public final class RyukImage {
  public static final String REPO_TAG = "berth-it/ryuk:latest";

  /** The server: the ACK loop runs per connection ({@code nc -ll} forks), the shell waits for a stop. */
  static final String RYUK = """
      #!/bin/sh
      # berth-it stand-in for testcontainers/ryuk: ACK every filter line on TCP 8080.
      nc -ll -p 8080 -e /bin/ryuk-ack &
      server=$!
      trap 'kill $server; exit 0' TERM INT
      until netstat -ltn | grep -q ':8080 '; do sleep 0.05; done
      echo "Started!"
      wait $server
      """;

  static final String ACK = """
      #!/bin/sh
      while read -r line; do
        echo "ryuk: filter $line" >&2
        echo ACK
      done
      """;

  private final BusyboxImage busybox;

  public RyukImage() { this(new BusyboxImage()); }

  public RyukImage(BusyboxImage busybox) { this.busybox = busybox; }

  /** The one layer: busybox's rootfs with the two scripts added. */
  public byte[] layerBytes() {
    try {
      var buf = new ByteArrayOutputStream(4 << 20);
      try (var in = new TarArchiveInputStream(new ByteArrayInputStream(busybox.layerBytes()));
           TarArchiveOutputStream tar = BusyboxImage.Tars.open(buf)) {
        TarArchiveEntry e;
        while ((e = in.getNextEntry()) != null) {
          tar.putArchiveEntry(e);
          if (e.isFile()) in.transferTo(tar);
          tar.closeArchiveEntry();
        }
        BusyboxImage.Tars.file(tar, "bin/ryuk", 0755, 0, RYUK.getBytes(StandardCharsets.UTF_8));
        BusyboxImage.Tars.file(tar, "bin/ryuk-ack", 0755, 0, ACK.getBytes(StandardCharsets.UTF_8));
      }
      return buf.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the legacy {@code docker save} form ({@code manifest.json}, the config, {@code <layer>/layer.tar})
   * tagged {@link #REPO_TAG}; returns the image ID.
   */
  public Digest dockerSaveTar(Path out) {
    byte[] layer = layerBytes();
    Digest diffId = Digest.sha256(layer);
    byte[] config = Json.bytes(ordered(
        "architecture", "amd64",
        "os", "linux",
        "created", BusyboxImage.EPOCH.toString(),
        "config", ordered("Env", List.of(BusyboxImage.PATH_ENV), "Cmd", List.of("/bin/ryuk"),
            "ExposedPorts", Map.of("8080/tcp", Map.of())),
        "rootfs", ordered("type", "layers", "diff_ids", List.of(diffId.toString()))));
    Digest imageId = Digest.sha256(config);
    byte[] manifest = Json.bytes(List.of(ordered(
        "Config", imageId.hex() + ".json", "RepoTags", List.of(REPO_TAG), "Layers", List.of(diffId.hex() + "/layer.tar"))));
    var buf = new ByteArrayOutputStream(layer.length + 65536);
    try (var tar = BusyboxImage.Tars.open(buf)) {
      BusyboxImage.Tars.file(tar, imageId.hex() + ".json", 0644, 0, config);
      BusyboxImage.Tars.file(tar, diffId.hex() + "/layer.tar", 0644, 0, layer);
      BusyboxImage.Tars.file(tar, "manifest.json", 0644, 0, manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.write(out, buf.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return imageId;
  }

  private static Map<String, Object> ordered(Object... kv) {
    var m = new LinkedHashMap<String, Object>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }
}
