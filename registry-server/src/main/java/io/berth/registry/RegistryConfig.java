package io.berth.registry;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of a registry.
 *
 * @param root where blobs ({@code blobs/sha256/<hex>}), partial uploads ({@code ingest/}) and the
 *     index ({@code registry.db}) live
 * @param readOnly refuse every write (pushes, deletions) with 405 UNSUPPORTED
 * @param uploadMaxIdle an upload session untouched this long is cancelled and its bytes removed
 * @param chunkMinLength advertised as {@code OCI-Chunk-Min-Length} when positive; chunks are
 *     accepted at any size either way (a file append has no minimum), so the default is 0: none
 * @param maxManifestBytes larger manifest pushes are refused with 413 (the spec asks for at least 4 MiB)
 * @param gcGrace garbage collection keeps blob links, blob files and untagged manifests younger than
 *     this (a push uploads its blobs before its manifest)
 * @param gcInterval collect garbage this often while serving; zero: only when asked
 */
public record RegistryConfig(Path root, boolean readOnly, Duration uploadMaxIdle, long chunkMinLength, int maxManifestBytes,
    Duration gcGrace, Duration gcInterval) {
  public static final int DEFAULT_MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  public static RegistryConfig defaults(Path root) {
    return new RegistryConfig(root, false, Duration.ofHours(1), 0, DEFAULT_MAX_MANIFEST_BYTES,
        io.berth.registry.storage.GarbageCollector.Options.DEFAULT_GRACE, Duration.ZERO);
  }

  public RegistryConfig withReadOnly(boolean readOnly) {
    return new RegistryConfig(root, readOnly, uploadMaxIdle, chunkMinLength, maxManifestBytes, gcGrace, gcInterval);
  }

  public RegistryConfig withUploadMaxIdle(Duration d) {
    return new RegistryConfig(root, readOnly, d, chunkMinLength, maxManifestBytes, gcGrace, gcInterval);
  }

  public RegistryConfig withChunkMinLength(long n) {
    return new RegistryConfig(root, readOnly, uploadMaxIdle, n, maxManifestBytes, gcGrace, gcInterval);
  }

  public RegistryConfig withGcGrace(Duration d) {
    return new RegistryConfig(root, readOnly, uploadMaxIdle, chunkMinLength, maxManifestBytes, d, gcInterval);
  }

  public RegistryConfig withGcInterval(Duration d) {
    return new RegistryConfig(root, readOnly, uploadMaxIdle, chunkMinLength, maxManifestBytes, gcGrace, d);
  }
}
