package io.berth.oci.image;

import java.util.Set;

/**
 * Media types of the OCI image spec ({@code media-types.md}) and of Docker's image manifest v2
 * schema 2, with predicates that treat the OCI and Docker spellings alike.
 */
public final class MediaTypes {
  private MediaTypes() {}

  // OCI image spec
  public static final String OCI_DESCRIPTOR = "application/vnd.oci.descriptor.v1+json";
  public static final String OCI_LAYOUT_HEADER = "application/vnd.oci.layout.header.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String OCI_LAYER_NONDISTRIBUTABLE = "application/vnd.oci.image.layer.nondistributable.v1.tar";
  public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
  public static final String OCI_LAYER_NONDISTRIBUTABLE_ZSTD = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

  // Docker image manifest v2 schema 2
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
  public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  /** Not in Docker's spec, but written by containerd/BuildKit for zstd layers in Docker manifests. */
  public static final String DOCKER_LAYER_ZSTD = "application/vnd.docker.image.rootfs.diff.tar.zstd";
  public static final String DOCKER_LAYER_FOREIGN_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
  public static final String DOCKER_PLUGIN_CONFIG = "application/vnd.docker.plugin.v1+json";
  /** Schema 1 manifests: recognised only to refuse them with a clear message. */
  public static final String DOCKER_MANIFEST_V1 = "application/vnd.docker.distribution.manifest.v1+json";
  public static final String DOCKER_MANIFEST_V1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

  /** How a layer blob is compressed. */
  public enum Compression { NONE, GZIP, ZSTD }

  private static final Set<String> LAYERS = Set.of(
      OCI_LAYER, OCI_LAYER_GZIP, OCI_LAYER_ZSTD,
      OCI_LAYER_NONDISTRIBUTABLE, OCI_LAYER_NONDISTRIBUTABLE_GZIP, OCI_LAYER_NONDISTRIBUTABLE_ZSTD,
      DOCKER_LAYER, DOCKER_LAYER_GZIP, DOCKER_LAYER_ZSTD, DOCKER_LAYER_FOREIGN_GZIP);
  private static final Set<String> FOREIGN = Set.of(
      OCI_LAYER_NONDISTRIBUTABLE, OCI_LAYER_NONDISTRIBUTABLE_GZIP, OCI_LAYER_NONDISTRIBUTABLE_ZSTD,
      DOCKER_LAYER_FOREIGN_GZIP);

  /** An image manifest (OCI or Docker schema 2). */
  public static boolean isManifest(String mediaType) {
    return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
  }

  /** An image index or Docker manifest list. */
  public static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
  }

  /** An image config (OCI or Docker). */
  public static boolean isConfig(String mediaType) {
    return OCI_CONFIG.equals(mediaType) || DOCKER_CONFIG.equals(mediaType);
  }

  /** A filesystem layer in any of the known spellings. */
  public static boolean isLayer(String mediaType) { return LAYERS.contains(mediaType); }

  /** A layer that registries may not serve (foreign / non-distributable; fetched from its urls). */
  public static boolean isForeign(String mediaType) { return FOREIGN.contains(mediaType); }

  /** The compression of a layer media type; NONE for unknown types (callers sniff when unsure). */
  public static Compression compression(String mediaType) {
    if (mediaType == null) return Compression.NONE;
    if (mediaType.endsWith("+gzip") || mediaType.endsWith(".tar.gzip")) return Compression.GZIP;
    if (mediaType.endsWith("+zstd") || mediaType.endsWith(".tar.zstd")) return Compression.ZSTD;
    return Compression.NONE;
  }
}
