package io.berth.engine.container;

import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Resolves a new container's mount requests into {@link MountPoint}s with dockerd's precedence (moby
 * {@code registerMountPoints}, {@code createContainerOSSpecificSettings}): {@code --volumes-from} first,
 * then {@code Binds} and {@code Mounts} (which replace what volumes-from brought to the same place and
 * may not collide with each other), then tmpfs, then anonymous volumes for {@code Config.Volumes} and
 * the image's {@code VOLUME}s (merged into {@code Config.Volumes}) where nothing is mounted yet. Named volumes are created when missing;
 * anonymous ones are made and removed again if the create fails.
 */
public final class ContainerMounts {
  /** Kernel filesystems a mount must not hide or replace unless the container is privileged. */
  private static final List<String> GUARDED = List.of("/proc", "/sys", "/dev");

  private final VolumeAccess volumes;

  public ContainerMounts(VolumeAccess volumes) {
    this.volumes = volumes;
  }

  /**
   * The mount points of a container being created, volumes obtained.
   *
   * @param containers looks up a container for {@code --volumes-from} (throws Docker's "No such container")
   */
  public List<MountPoint> resolve(HostOptions host, Function<String, Container> containers) {
    Map<String, MountPoint> points = new LinkedHashMap<>();
    for (String from : host.storage().volumesFrom()) {
      VolumesFrom spec = VolumesFrom.parse(from);
      Container source = asInvalid(() -> containers.apply(spec.container()));
      for (MountPoint mp : of(source.config().host())) {
        if (mp.type() != MountPoint.Type.TMPFS) points.put(mp.destination(), mp.sharedWith(spec.readOnly()));
      }
    }
    List<MountRequest> requests = host.mountRequests();
    Set<String> seen = new HashSet<>();
    for (MountRequest r : requests) {
      if (!seen.add(r.destination())) throw BerthException.invalid("Duplicate mount point: %s", r.destination());
      if (!host.privileged()) checkGuarded(r);
    }
    List<String> anonymous = new ArrayList<>();
    for (String v : host.storage().configVolumes()) anonymous.add(BindMount.clean(v));
    for (String v : anonymous) {
      if (!host.privileged() && !seen.contains(v)) checkGuarded(VolumeMount.anonymous(v));
    }
    List<String> made = new ArrayList<>();
    try {
      for (MountRequest r : requests) points.put(r.destination(), point(r, host.storage().volumeDriver(), made, false));
      for (String v : anonymous) {
        if (points.containsKey(v)) continue;
        points.put(v, point(VolumeMount.anonymous(v), "", made, true));
      }
    } catch (RuntimeException e) {
      for (String name : made) volumes.removeIfUnused(name);
      throw e;
    }
    return List.copyOf(points.values());
  }

  /**
   * A container's mount points: those resolved at create, or for a container created before Berth
   * had volumes, its binds.
   */
  public static List<MountPoint> of(HostOptions host) {
    if (!host.storage().mountPoints().isEmpty()) return host.storage().mountPoints();
    List<MountPoint> out = new ArrayList<>();
    for (MountRequest r : host.mountRequests()) {
      if (r instanceof BindMount b) out.add(bindPoint(b));
    }
    return out;
  }

  /** True when some volume of {@code c} takes the image's content (see {@link #populate}). */
  public static boolean needsCopyUp(Container c) {
    return of(c.config().host()).stream().anyMatch(m -> m.type() == MountPoint.Type.VOLUME && m.copyData());
  }

  /** Copies the image's content into {@code c}'s empty volumes; {@code rootfs} is its mounted root. */
  public void populate(Container c, java.nio.file.Path rootfs) throws java.io.IOException {
    for (MountPoint mp : of(c.config().host())) {
      if (mp.type() == MountPoint.Type.VOLUME && mp.copyData()) {
        VolumeCopyUp.copy(rootfs, mp.destination(), volumes.prepare(mp.name()));
      }
    }
  }

  /**
   * Container {@code c} no longer runs: the devices of its volumes that none of {@code running} uses
   * are unmounted (moby's local driver unmounts at the last user's exit). {@code running} is only
   * read when {@code c} has such a volume: this runs on every start and exit.
   */
  public void released(Container c, java.util.function.Supplier<List<Container>> running) {
    for (MountPoint mp : of(c.config().host())) {
      if (mp.type() != MountPoint.Type.VOLUME || !VolumeAccess.hasDevice(mp.volumeOptions())) continue;
      boolean used = running.get().stream().anyMatch(o -> of(o.config().host()).stream()
          .anyMatch(m -> m.type() == MountPoint.Type.VOLUME && m.name().equals(mp.name())));
      if (!used) volumes.release(mp.name());
    }
  }

  /** Removes the anonymous volumes container {@code c} made (for {@code rm -v} and {@code --rm}). */
  public void removeAnonymous(Container c) {
    for (MountPoint mp : of(c.config().host())) {
      if (mp.type() == MountPoint.Type.VOLUME && mp.anonymous()) volumes.removeIfUnused(mp.name());
    }
  }

  /** @param listed from {@code Config.Volumes} or the image's {@code VOLUME} (not Binds or Mounts) */
  private MountPoint point(MountRequest r, String defaultDriver, List<String> made, boolean listed) {
    return switch (r) {
      case BindMount b -> bindPoint(b);
      case TmpfsMount t -> new MountPoint(MountPoint.Type.TMPFS, "", "", t.destination(), "", "", t.readOnly(), "",
          false, false, false, t.data(), t.fromMounts(), Map.of());
      case VolumeMount v -> {
        String driver = v.driver().isEmpty() ? defaultDriver : v.driver();
        VolumeAccess.VolumeRef ref = asInvalid(() -> volumes.obtain(v.name(), driver, v.labels(), v.driverOptions()));
        if (v.anonymous()) made.add(ref.name());
        // dockerd gives a local volume without a mode the SELinux-relabel mode "z" (setBindModeIfNull);
        // anonymous volumes of Config.Volumes and VOLUME keep an empty one.
        String mode = v.mode().isEmpty() && !listed && ref.driver().equals("local") ? "z" : v.mode();
        yield new MountPoint(MountPoint.Type.VOLUME, ref.name(), ref.mountpoint().toString(), v.destination(),
            ref.driver(), mode, v.readOnly(), "", !v.noCopy(), v.anonymous(), false, "", true, ref.options());
      }
    };
  }

  /**
   * A missing container or volume plugin is the request's fault here, not a missing image: a 404
   * from create makes the docker CLI try to pull the image instead of showing the message.
   */
  private static <T> T asInvalid(java.util.function.Supplier<T> lookup) {
    try {
      return lookup.get();
    } catch (BerthException.NotFound e) {
      throw new BerthException.InvalidArgument(e.getMessage(), e);
    }
  }

  private static MountPoint bindPoint(BindMount b) {
    return new MountPoint(MountPoint.Type.BIND, "", b.source(), b.destination(), "", b.mode(), b.readOnly(),
        b.propagation(), false, false, b.createSource(), "", true, Map.of());
  }

  /** Mounting over the kernel's /proc, /sys or /dev would hide (or fake) them: privileged only. */
  private static void checkGuarded(MountRequest r) {
    String d = r.destination();
    for (String g : GUARDED) {
      boolean under = !g.equals("/dev") && d.startsWith(g + "/");
      if (d.equals(g) || under) {
        String type = switch (r) {
          case BindMount b -> "bind";
          case VolumeMount v -> "volume";
          case TmpfsMount t -> "tmpfs";
        };
        throw BerthException.invalid("invalid mount config for type \"%s\": mounting over %s is not allowed "
            + "(it is the kernel's; only a --privileged container may do it)", type, d);
      }
    }
  }

  /** One {@code VolumesFrom} entry: {@code container[:ro|rw]} (moby {@code ParseVolumesFrom}). */
  public record VolumesFrom(String container, boolean readOnly) {
    public static VolumesFrom parse(String spec) {
      if (spec.isEmpty()) throw BerthException.invalid("volumes-from specification cannot be an empty string");
      int colon = spec.indexOf(':');
      if (colon < 0) return new VolumesFrom(spec, false);
      String mode = spec.substring(colon + 1);
      if (!BindMount.validMode(mode) || mode.contains("shared") || mode.contains("slave") || mode.contains("private")) {
        throw BerthException.invalid("invalid mode: %s", mode);
      }
      return new VolumesFrom(spec.substring(0, colon), List.of(mode.split(",")).contains("ro"));
    }
  }

  /** The mount point at {@code destination}, if any. */
  public static Optional<MountPoint> at(HostOptions host, String destination) {
    return of(host).stream().filter(m -> m.destination().equals(destination)).findFirst();
  }
}
