package io.berth.engine.container;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What containers need of volumes (implemented by {@code volume.VolumeService}; this package does
 * not depend on that one).
 */
public interface VolumeAccess {
  /** A volume as a container mounts it. */
  record VolumeRef(String name, String driver, Path mountpoint, Map<String, String> options) {}

  /**
   * The volume {@code name}, created with {@code driver}, {@code labels} and {@code options} when it
   * does not exist (dockerd creates a volume a container names); an empty name makes an anonymous one.
   */
  VolumeRef obtain(String name, String driver, Map<String, String> labels, Map<String, String> options);

  /** The volume {@code name}, when it exists. */
  Optional<VolumeRef> lookup(String name);

  /**
   * The host path to bind into a container for volume {@code name}: its data directory, with the
   * volume's device mounted on it first when it was created with {@code type}/{@code device} options.
   */
  Path prepare(String name);

  /** No running container uses volume {@code name} any more: unmount its device, if it has one. */
  void release(String name);

  /** True for local driver options that name a device to mount ({@code type}, {@code device}). */
  static boolean hasDevice(Map<String, String> options) {
    return options.containsKey("type") || options.containsKey("device");
  }

  /** Removes volume {@code name} when no container uses it any more; false when it was kept. */
  boolean removeIfUnused(String name);

  /** For engines without volumes (unit tests): any use is refused. */
  static VolumeAccess unavailable() {
    return new VolumeAccess() {
      @Override public VolumeRef obtain(String name, String driver, Map<String, String> labels,
          Map<String, String> options) {
        throw io.berth.oci.errors.BerthException.invalid("volumes are not available in this engine");
      }

      @Override public Optional<VolumeRef> lookup(String name) { return Optional.empty(); }

      @Override public Path prepare(String name) {
        throw io.berth.oci.errors.BerthException.notFound("get %s: no such volume", name);
      }

      @Override public boolean removeIfUnused(String name) { return false; }

      @Override public void release(String name) {}
    };
  }
}
