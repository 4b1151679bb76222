/**
 * Archives of file trees. Layers: {@link io.berth.engine.archive.LayerApplier} unpacks an image layer
 * (tar, gzip or zstd, sniffed by {@link io.berth.engine.archive.Compression}) into its own overlayfs
 * layer directory, turning OCI whiteouts into overlay whiteouts and computing the diff ID while it reads.
 * Container copies ({@code docker cp}): {@link io.berth.engine.archive.RootDir} looks paths up inside a
 * container's root through descriptors, {@link io.berth.engine.archive.TreeTar} archives and
 * {@link io.berth.engine.archive.TreeUntar} extracts through it, {@link io.berth.engine.archive.PathStat}
 * is Docker's stat header. Hostile archives and hostile containers never reach outside their directory.
 */
package io.berth.engine.archive;
