package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code HostConfig.Mounts} (swagger {@code Mount}), as {@code --mount} builds it. The
 * wire form follows moby's {@code mount.Mount}: every field but {@code Type} is {@code omitempty},
 * and the option objects are sent whenever a {@code volume-*}, {@code bind-*} or {@code tmpfs-*}
 * key created them, even with zero values (the docker CLI sends {@code "DriverConfig":{}}).
 */
public record Mount(String type, String source, String target, boolean readOnly, String consistency,
    Optional<BindOptions> bindOptions, Optional<VolumeOptions> volumeOptions, Optional<TmpfsOptions> tmpfsOptions) {
  public Mount {
    type = Zero.str(type);
    source = Zero.str(source);
    target = Zero.str(target);
    consistency = Zero.str(consistency);
    bindOptions = bindOptions == null ? Optional.empty() : bindOptions;
    volumeOptions = volumeOptions == null ? Optional.empty() : volumeOptions;
    tmpfsOptions = tmpfsOptions == null ? Optional.empty() : tmpfsOptions;
  }

  /** {@code BindOptions}: {@code bind-propagation}, {@code bind-nonrecursive}. */
  public record BindOptions(String propagation, boolean nonRecursive) {
    public BindOptions {
      propagation = Zero.str(propagation);
    }

    Map<String, Object> toJson() {
      return Wire.obj().putIfPresent("Propagation", text(propagation))
          .putIfPresent("NonRecursive", Optional.of(nonRecursive).filter(b -> b)).build();
    }

    static BindOptions fromJson(JsonFields f) {
      return new BindOptions(f.string("Propagation"), f.bool("NonRecursive"));
    }
  }

  /** {@code VolumeOptions}: {@code volume-nocopy}, {@code volume-label}, and the driver ({@code volume-driver}, {@code volume-opt}). */
  public record VolumeOptions(boolean noCopy, Map<String, String> labels, Optional<Driver> driverConfig) {
    public VolumeOptions {
      labels = Zero.map(labels);
      driverConfig = driverConfig == null ? Optional.empty() : driverConfig;
    }

    Map<String, Object> toJson() {
      return Wire.obj().putIfPresent("NoCopy", Optional.of(noCopy).filter(b -> b))
          .putIfPresent("Labels", Optional.of(labels).filter(m -> !m.isEmpty()).map(Wire::sorted))
          .putIfPresent("DriverConfig", driverConfig.map(Driver::toJson)).build();
    }

    static VolumeOptions fromJson(JsonFields f) {
      return new VolumeOptions(f.bool("NoCopy"), f.stringMap("Labels"),
          f.has("DriverConfig") ? Optional.of(Driver.fromJson(f.object("DriverConfig"))) : Optional.empty());
    }
  }

  /** {@code DriverConfig} of a volume mount: the driver's name and options (both may be empty). */
  public record Driver(String name, Map<String, String> options) {
    public Driver {
      name = Zero.str(name);
      options = Zero.map(options);
    }

    Map<String, Object> toJson() {
      return Wire.obj().putIfPresent("Name", text(name))
          .putIfPresent("Options", Optional.of(options).filter(m -> !m.isEmpty()).map(Wire::sorted)).build();
    }

    static Driver fromJson(JsonFields f) {
      return new Driver(f.string("Name"), f.stringMap("Options"));
    }
  }

  /** {@code TmpfsOptions}: {@code tmpfs-size} in bytes and {@code tmpfs-mode} (0: the daemon's defaults). */
  public record TmpfsOptions(long sizeBytes, int mode) {
    Map<String, Object> toJson() {
      return Wire.obj().putIfPresent("SizeBytes", Optional.of(sizeBytes).filter(n -> n != 0))
          .putIfPresent("Mode", Optional.of(mode).filter(n -> n != 0)).build();
    }

    static TmpfsOptions fromJson(JsonFields f) {
      return new TmpfsOptions(f.longValue("SizeBytes"), f.integer("Mode"));
    }
  }

  /** The wire form in moby's field order. */
  public Map<String, Object> toJson() {
    return Wire.obj().put("Type", type).putIfPresent("Source", text(source)).putIfPresent("Target", text(target))
        .putIfPresent("ReadOnly", Optional.of(readOnly).filter(b -> b)).putIfPresent("Consistency", text(consistency))
        .putIfPresent("BindOptions", bindOptions.map(BindOptions::toJson))
        .putIfPresent("VolumeOptions", volumeOptions.map(VolumeOptions::toJson))
        .putIfPresent("TmpfsOptions", tmpfsOptions.map(TmpfsOptions::toJson)).build();
  }

  public static Mount fromJson(JsonFields f) {
    return new Mount(f.string("Type"), f.string("Source"), f.string("Target"), f.bool("ReadOnly"), f.string("Consistency"),
        f.has("BindOptions") ? Optional.of(BindOptions.fromJson(f.object("BindOptions"))) : Optional.empty(),
        f.has("VolumeOptions") ? Optional.of(VolumeOptions.fromJson(f.object("VolumeOptions"))) : Optional.empty(),
        f.has("TmpfsOptions") ? Optional.of(TmpfsOptions.fromJson(f.object("TmpfsOptions"))) : Optional.empty());
  }

  private static Optional<String> text(String s) { return Optional.of(s).filter(v -> !v.isEmpty()); }
}
