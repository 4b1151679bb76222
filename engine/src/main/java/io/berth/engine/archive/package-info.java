/**
 * Layer archives: {@link io.berth.engine.archive.LayerApplier} unpacks an image layer (tar, gzip or
 * zstd, sniffed by {@link io.berth.engine.archive.Compression}) into its own overlayfs layer
 * directory, turning OCI whiteouts into overlay whiteouts and computing the diff ID while it reads.
 * Hostile archives never write outside the layer directory.
 */
package io.berth.engine.archive;
