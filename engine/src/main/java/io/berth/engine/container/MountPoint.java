package io.berth.engine.container;

import java.util.Map;

/**
 * A mount of a created container, resolved at create time as dockerd's {@code MountPoint}: volumes
 * looked up or created (anonymous ones named), {@code --volumes-from} copied, image volumes added.
 * Kept with the container; used at every start and shown by inspect's {@code Mounts}.
 *
 * @param name         the volume's name (volumes only)
 * @param source       the host path: the bind's source or the volume's data directory; empty for tmpfs
 * @param mode         Docker's mode text ({@code "z"} for a local volume given without one, the
 *                     {@code -v} mode otherwise)
 * @param copyData     copy the image's content into the volume when it is empty (volumes only)
 * @param anonymous    a volume made for this container: {@code rm -v} and {@code --rm} remove it
 * @param createSource a bind whose missing host directory is created at start ({@code -v})
 * @param tmpfsData    the tmpfs mount data ({@code size=...,mode=...})
 * @param inMounts     listed in inspect's {@code Mounts} ({@code --tmpfs} ones are not)
 * @param volumeOptions the volume's driver options at resolution ({@code type}/{@code device}/{@code o})
 */
public record MountPoint(Type type, String name, String source, String destination, String driver, String mode,
    boolean readOnly, String propagation, boolean copyData, boolean anonymous, boolean createSource,
    String tmpfsData, boolean inMounts, Map<String, String> volumeOptions) {
  /** The kinds of mount a container can have. */
  public enum Type { BIND, VOLUME, TMPFS }

  public MountPoint {
    name = name == null ? "" : name;
    source = source == null ? "" : source;
    driver = driver == null ? "" : driver;
    mode = mode == null ? "" : mode;
    propagation = propagation == null ? "" : propagation;
    tmpfsData = tmpfsData == null ? "" : tmpfsData;
    volumeOptions = volumeOptions == null ? Map.of() : Map.copyOf(volumeOptions);
  }

  /** Docker's type name as the API spells it. */
  public String typeName() { return type.name().toLowerCase(java.util.Locale.ROOT); }

  /** A copy as {@code --volumes-from} takes it: read-only when asked, never copying data, not owned. */
  public MountPoint sharedWith(boolean forceReadOnly) {
    return new MountPoint(type, name, source, destination, driver, mode, readOnly || forceReadOnly, propagation,
        false, false, createSource, tmpfsData, inMounts, volumeOptions);
  }
}
