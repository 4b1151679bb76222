/**
 * Images: their records and tags ({@link io.berth.engine.image.ImageStore}), layers unpacked once
 * into committed snapshots keyed by chain ID ({@link io.berth.engine.image.LayerStore}), and the use
 * cases of {@link io.berth.engine.image.ImageService}: import a rootfs, load and save the
 * {@code docker save} archive (Docker v1.2 and OCI layouts), tag, untag and delete with garbage
 * collection of layers no image or container uses.
 */
package io.berth.engine.image;
