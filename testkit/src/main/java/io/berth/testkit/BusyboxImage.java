package io.berth.testkit;

import io.berth.oci.Digest;
import io.berth.oci.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds a busybox image from the host's static busybox ({@code busybox-static}), with no registry.
 *
 * <p>Two outputs: {@link #rootfsTar} (a plain rootfs tar for {@code import}) and {@link #dockerSaveTar}
 * (what {@code docker save} writes: the legacy v1.2 files {@code manifest.json}, {@code repositories},
 * {@code <config-hex>.json}, {@code <layer>/layer.tar}, plus the OCI image-layout files docker 25+ also
 * writes: {@code oci-layout}, {@code index.json}, {@code blobs/sha256/*}).
 *
 * <p>Output is deterministic: entries are sorted, mtimes are {@link #EPOCH}, owners numeric. So the layer
 * diff_id, the config digest and hence the image ID are the same on every build from the same busybox
 * binary, which lets tests check that save → rmi → load keeps the image ID.
 *
 * <p>Stateless and thread-safe. Errors are {@link UncheckedIOException}s.
 */
public final class BusyboxImage {
  /** Fixed timestamp for every tar entry and for the config's {@code created}. */
  public static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
  public static final String PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final Path BUSYBOX = Path.of("/bin/busybox");

  private final Path busybox;

  public BusyboxImage() { this(BUSYBOX); }

  public BusyboxImage(Path busybox) {
    if (!Files.isExecutable(busybox)) {
      throw new IllegalStateException(busybox + " is missing: install busybox-static (scripts/install-deps)");
    }
    this.busybox = busybox;
  }

  /** The image a {@link #dockerSaveTar} of this busybox describes. */
  public record Built(Digest imageId, Digest layerDiffId, byte[] config, byte[] layer) {}

  /** Writes the rootfs as an uncompressed tar (what {@code berth import} / {@code docker import} take). */
  public void rootfsTar(Path out) {
    write(out, layerBytes());
  }

  /** The rootfs tar bytes (also the one layer of the image, uncompressed). */
  public byte[] layerBytes() {
    try {
      var buf = new ByteArrayOutputStream(4 << 20);
      try (var tar = Tars.open(buf)) {
        dir(tar, "bin/", 0755, 0);
        Tars.file(tar, "bin/busybox", 0755, 0, Files.readAllBytes(busybox));
        for (String applet : applets()) {
          Tars.symlink(tar, "bin/" + applet, "busybox");
        }
        for (String d : List.of("dev/", "etc/", "home/")) dir(tar, d, 0755, 0);
        dir(tar, "home/app/", 0755, 1000);
        text(tar, "etc/group", "root:x:0:\ndaemon:x:1:\nnobody:x:65534:\napp:x:1000:\n");
        // Empty placeholders: runtimes bind-mount the real ones over these.
        text(tar, "etc/hostname", "");
        text(tar, "etc/hosts", "");
        text(tar, "etc/passwd", """
            root:x:0:0:root:/root:/bin/sh
            daemon:x:1:1:daemon:/usr/sbin:/bin/false
            nobody:x:65534:65534:nobody:/home:/bin/false
            app:x:1000:1000:app:/home/app:/bin/sh
            """);
        text(tar, "etc/resolv.conf", "");
        text(tar, "etc/shadow", "root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\napp:*:19000:0:99999:7:::\n");
        for (String d : List.of("proc/", "root/", "sys/")) dir(tar, d, d.equals("root/") ? 0700 : 0755, 0);
        dir(tar, "tmp/", 01777, 0);
        for (String d : List.of("usr/", "usr/bin/", "usr/sbin/", "var/", "var/spool/", "var/www/")) dir(tar, d, 0755, 0);
        dir(tar, "var/tmp/", 01777, 0);
      }
      return buf.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds the layer and config (no file written). */
  public Built build() {
    byte[] layer = layerBytes();
    Digest diffId = Digest.sha256(layer);
    byte[] config = Json.bytes(config(diffId));
    return new Built(Digest.sha256(config), diffId, config, layer);
  }

  /**
   * Writes a {@code docker save} tar of this image tagged {@code repoTag} (e.g. {@code busybox:latest}).
   *
   * @return the image as written; its {@code imageId} is what {@code docker images --no-trunc} shows
   */
  public Built dockerSaveTar(Path out, String repoTag) {
    Built img = build();
    var ref = RepoTag.parse(repoTag);
    String cfgHex = img.imageId().hex();
    String layerHex = img.layerDiffId().hex();
    byte[] manifest = Json.bytes(ociManifest(img));
    Digest manifestDigest = Digest.sha256(manifest);
    byte[] index = Json.bytes(Map.of(
        "schemaVersion", 2,
        "mediaType", "application/vnd.oci.image.index.v1+json",
        "manifests", List.of(ordered(
            "mediaType", "application/vnd.oci.image.manifest.v1+json",
            "digest", manifestDigest.toString(),
            "size", manifest.length,
            "annotations", Map.of(
                "io.containerd.image.name", ref.fullName(),
                "org.opencontainers.image.ref.name", ref.tag())))));
    byte[] legacyManifest = Json.bytes(List.of(ordered(
        "Config", cfgHex + ".json",
        "RepoTags", List.of(ref.shortName()),
        "Layers", List.of(layerHex + "/layer.tar"))));
    byte[] repositories = Json.bytes(Map.of(ref.repository(), Map.of(ref.tag(), layerHex)));
    byte[] v1Json = Json.bytes(ordered(
        "id", layerHex, "created", EPOCH.toString(), "os", "linux", "architecture", "amd64"));
    var buf = new ByteArrayOutputStream(img.layer().length * 2 + 65536);
    try (var tar = Tars.open(buf)) {
      dir(tar, "blobs/", 0755, 0);
      dir(tar, "blobs/sha256/", 0755, 0);
      // Sorted by name, as docker writes them; each blob once.
      var blobs = new java.util.TreeMap<String, byte[]>();
      blobs.put(cfgHex, img.config());
      blobs.put(layerHex, img.layer());
      blobs.put(manifestDigest.hex(), manifest);
      for (var b : blobs.entrySet()) Tars.file(tar, "blobs/sha256/" + b.getKey(), 0644, 0, b.getValue());
      Tars.file(tar, cfgHex + ".json", 0644, 0, img.config());
      Tars.file(tar, "index.json", 0644, 0, index);
      dir(tar, layerHex + "/", 0755, 0);
      Tars.file(tar, layerHex + "/VERSION", 0644, 0, "1.0".getBytes(StandardCharsets.UTF_8));
      Tars.file(tar, layerHex + "/json", 0644, 0, v1Json);
      Tars.file(tar, layerHex + "/layer.tar", 0644, 0, img.layer());
      Tars.file(tar, "manifest.json", 0644, 0, legacyManifest);
      Tars.file(tar, "oci-layout", 0644, 0, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
      Tars.file(tar, "repositories", 0644, 0, repositories);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(out, buf.toByteArray());
    return img;
  }

  private static Map<String, Object> config(Digest diffId) {
    return ordered(
        "architecture", "amd64",
        "os", "linux",
        "created", EPOCH.toString(),
        "config", ordered("Env", List.of(PATH_ENV), "Cmd", List.of("sh")),
        "rootfs", ordered("type", "layers", "diff_ids", List.of(diffId.toString())),
        "history", List.of(
            ordered("created", EPOCH.toString(), "created_by", "berth testkit: busybox-static rootfs"),
            ordered("created", EPOCH.toString(), "created_by", "CMD [\"sh\"]", "empty_layer", true)));
  }

  private static Map<String, Object> ociManifest(Built img) {
    return ordered(
        "schemaVersion", 2,
        "mediaType", "application/vnd.oci.image.manifest.v1+json",
        "config", ordered("mediaType", "application/vnd.oci.image.config.v1+json",
            "digest", img.imageId().toString(), "size", img.config().length),
        "layers", List.of(ordered("mediaType", "application/vnd.oci.image.layer.v1.tar",
            "digest", img.layerDiffId().toString(), "size", img.layer().length)));
  }

  /** Applet names from {@code busybox --list}, sorted, without {@code busybox} itself. */
  public List<String> applets() {
    try {
      Process p = new ProcessBuilder(busybox.toString(), "--list").redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(busybox + " --list failed: " + out);
      }
      var names = new TreeSet<String>();
      for (String line : out.split("\n")) {
        String n = line.strip();
        if (!n.isEmpty() && !n.equals("busybox") && !n.contains("/")) names.add(n);
      }
      return new ArrayList<>(names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void dir(TarArchiveOutputStream tar, String name, int mode, int owner) throws IOException {
    var e = new TarArchiveEntry(name, TarArchiveEntry.LF_DIR);
    e.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
    Tars.stamp(e, owner);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  private static void text(TarArchiveOutputStream tar, String name, String content) throws IOException {
    Tars.file(tar, name, 0644, 0, content.getBytes(StandardCharsets.UTF_8));
  }

  /** A map keeping insertion order (the mapper sorts keys anyway; this keeps the source readable). */
  private static Map<String, Object> ordered(Object... kv) {
    var m = new LinkedHashMap<String, Object>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  private static void write(Path out, byte[] data) {
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.write(out, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code repo[:tag]} split as docker does: the tag is after the last ':' that follows the last '/'. */
  record RepoTag(String repository, String tag) {
    static RepoTag parse(String s) {
      int slash = s.lastIndexOf('/');
      int colon = s.lastIndexOf(':');
      return colon > slash ? new RepoTag(s.substring(0, colon), s.substring(colon + 1)) : new RepoTag(s, "latest");
    }

    String shortName() { return repository + ":" + tag; }

    /** What containerd's image-name annotation carries: {@code docker.io/library/busybox:latest}. */
    String fullName() {
      String first = repository.contains("/") ? repository.substring(0, repository.indexOf('/')) : "";
      boolean hasDomain = first.contains(".") || first.contains(":") || first.equals("localhost");
      String name = hasDomain ? repository
          : "docker.io/" + (repository.contains("/") ? repository : "library/" + repository);
      return name + ":" + tag;
    }
  }

  /**
   * Command line: {@code BusyboxImage rootfs OUT.tar} or {@code BusyboxImage save OUT.tar [REPO:TAG]}
   * (default {@code busybox:latest}); prints the image ID for {@code save}.
   */
  public static void main(String[] args) {
    if (args.length < 2 || !(args[0].equals("rootfs") || args[0].equals("save"))) {
      System.err.println("usage: BusyboxImage rootfs OUT.tar | save OUT.tar [REPO:TAG]");
      System.exit(2);
    }
    var image = new BusyboxImage();
    if (args[0].equals("rootfs")) {
      image.rootfsTar(Path.of(args[1]));
    } else {
      System.out.println(image.dockerSaveTar(Path.of(args[1]), args.length > 2 ? args[2] : "busybox:latest").imageId());
    }
  }

  /** Deterministic tar writing. */
  static final class Tars {
    private Tars() {}

    static TarArchiveOutputStream open(OutputStream out) {
      var tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      return tar;
    }

    static void stamp(TarArchiveEntry e, int owner) {
      e.setModTime(Date.from(EPOCH));
      e.setUserId(owner);
      e.setGroupId(owner);
      e.setUserName("");
      e.setGroupName("");
    }

    static void file(TarArchiveOutputStream tar, String name, int mode, int owner, byte[] data) throws IOException {
      var e = new TarArchiveEntry(name);
      e.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
      e.setSize(data.length);
      stamp(e, owner);
      tar.putArchiveEntry(e);
      tar.write(data);
      tar.closeArchiveEntry();
    }

    static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
      var e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
      e.setLinkName(target);
      e.setMode(0120777);
      stamp(e, 0);
      tar.putArchiveEntry(e);
      tar.closeArchiveEntry();
    }
  }
}
