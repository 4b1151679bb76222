package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerMountsTest {
  /** Volumes in a map; records what was created and removed. */
  static final class MapVolumes implements VolumeAccess {
    final Map<String, VolumeRef> volumes = new LinkedHashMap<>();
    final List<String> removed = new ArrayList<>();
    int anonymous;

    @Override public VolumeRef obtain(String name, String driver, Map<String, String> labels, Map<String, String> options) {
      String n = name.isEmpty() ? "anon" + (++anonymous) : name;
      if (!driver.isEmpty() && !driver.equals("local")) throw BerthException.notFound("plugin \"%s\" not found", driver);
      return volumes.computeIfAbsent(n, k -> new VolumeRef(k, "local", Path.of("/v", k, "_data"), options));
    }

    @Override public Optional<VolumeRef> lookup(String name) { return Optional.ofNullable(volumes.get(name)); }

    @Override public Path prepare(String name) { return volumes.get(name).mountpoint(); }

    @Override public void release(String name) {}

    @Override public boolean removeIfUnused(String name) {
      removed.add(name);
      return volumes.remove(name) != null;
    }
  }

  private static ContainerConfig config(HostOptions h) {
    return new ContainerConfig("busybox", List.of(), List.of("sh"), List.of(), "", "", "h", "", Map.of(), false, false,
        false, false, false, false, Optional.empty(), Optional.empty(), false, h, Optional.empty(), ResourceLimits.NONE);
  }

  private final MapVolumes volumes = new MapVolumes();
  private final ContainerMounts mounts = new ContainerMounts(volumes);

  private static HostOptions host(List<String> binds, StorageOptions storage) {
    return HostOptions.defaults().withStorage(storage).withBinds(binds);
  }

  private static StorageOptions storage(List<String> configVolumes, List<String> from, List<TmpfsMount> tmpfs) {
    return new StorageOptions(List.of(), tmpfs, from, configVolumes, "", List.of());
  }

  @Test
  void named_volume_is_created_with_mode_z_and_copies_data() {
    var points = mounts.resolve(host(List.of("data:/data"), StorageOptions.NONE), ref -> null);
    assertThat(points).singleElement().satisfies(p -> {
      assertThat(p.type()).isEqualTo(MountPoint.Type.VOLUME);
      assertThat(p.name()).isEqualTo("data");
      assertThat(p.source()).isEqualTo("/v/data/_data");
      assertThat(p.mode()).isEqualTo("z");
      assertThat(p.copyData()).isTrue();
      assertThat(p.anonymous()).isFalse();
    });
  }

  @Test
  void config_volumes_become_anonymous_volumes_unless_something_is_mounted_there() {
    var points = mounts.resolve(host(List.of("/srv:/web"), storage(List.of("/web", "/db/"), List.of(),
        List.of(new TmpfsMount("/tmp", "size=1m", false, false)))), ref -> null);
    assertThat(points).extracting(MountPoint::destination).containsExactly("/web", "/tmp", "/db");
    MountPoint db = points.get(2);
    assertThat(db.anonymous()).isTrue();
    assertThat(db.mode()).isEmpty();
    assertThat(volumes.volumes).containsOnlyKeys("anon1");
  }

  @Test
  void two_mounts_on_one_destination_are_refused_and_nothing_is_created() {
    assertThatThrownBy(() -> mounts.resolve(host(List.of("a:/data", "/srv:/data"), StorageOptions.NONE), ref -> null))
        .hasMessage("Duplicate mount point: /data");
    assertThat(volumes.volumes).isEmpty();
  }

  @Test
  void proc_sys_and_dev_are_guarded_unless_privileged() {
    assertThatThrownBy(() -> mounts.resolve(host(List.of("/x:/proc/sys"), StorageOptions.NONE), ref -> null))
        .hasMessageContaining("mounting over /proc/sys is not allowed");
    assertThatThrownBy(() -> mounts.resolve(host(List.of(), storage(List.of("/dev"), List.of(), List.of())), ref -> null))
        .hasMessageContaining("mounting over /dev is not allowed");
    assertThat(mounts.resolve(host(List.of("/dev/snd:/dev/snd"), StorageOptions.NONE), ref -> null)).hasSize(1);
    assertThat(volumes.volumes).isEmpty();
  }

  @Test
  void a_failed_create_removes_the_anonymous_volumes_it_made() {
    var bad = new VolumeMount("x", "/b", false, "", false, "nfs-plugin", Map.of(), Map.of(), true);
    var st = new StorageOptions(List.of(bad), List.of(), List.of(), List.of("/a"), "", List.of());
    // Binds first: the anonymous /c is made, then the Mounts entry names an unknown driver
    assertThatThrownBy(() -> mounts.resolve(host(List.of("/c"), st), ref -> null)).hasMessageContaining("not found");
    assertThat(volumes.volumes).isEmpty();
    assertThat(volumes.removed).containsExactly("anon1");
  }

  @Test
  void volumes_from_copies_the_mounts_read_only_when_asked_and_binds_replace_them() {
    var first = mounts.resolve(host(List.of("data:/data", "/srv:/srv"), StorageOptions.NONE), ref -> null);
    Container source = new Container("a".repeat(64), "src", java.time.Instant.EPOCH,
        io.berth.oci.Digest.sha256(new byte[0]), config(host(List.of(), StorageOptions.NONE)
            .withStorage(StorageOptions.NONE.withMountPoints(first))), ContainerState.created());
    var points = mounts.resolve(host(List.of("/other:/srv"), storage(List.of(), List.of("src:ro"), List.of())),
        ref -> source);
    assertThat(points).extracting(MountPoint::destination, MountPoint::readOnly, MountPoint::source)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/data", true, "/v/data/_data"),
            org.assertj.core.groups.Tuple.tuple("/srv", false, "/other"));
    assertThat(points.get(0).copyData()).isFalse();
  }

  @Test
  void volumes_from_modes_are_checked() {
    assertThatThrownBy(() -> ContainerMounts.VolumesFrom.parse("c:rshared")).hasMessage("invalid mode: rshared");
    assertThatThrownBy(() -> ContainerMounts.VolumesFrom.parse("c:bogus")).hasMessage("invalid mode: bogus");
    assertThat(ContainerMounts.VolumesFrom.parse("c:ro")).isEqualTo(new ContainerMounts.VolumesFrom("c", true));
    assertThat(ContainerMounts.VolumesFrom.parse("c")).isEqualTo(new ContainerMounts.VolumesFrom("c", false));
  }

  @Test
  void rm_v_removes_only_the_anonymous_volumes() {
    var points = mounts.resolve(host(List.of("named:/n", "/a"), StorageOptions.NONE), ref -> null);
    Container c = new Container("b".repeat(64), "c", java.time.Instant.EPOCH, io.berth.oci.Digest.sha256(new byte[0]),
        config(HostOptions.defaults().withStorage(StorageOptions.NONE.withMountPoints(points))),
        ContainerState.created());
    mounts.removeAnonymous(c);
    assertThat(volumes.removed).containsExactly("anon1");
    assertThat(volumes.volumes).containsOnlyKeys("named");
  }

  @Test
  void tmpfs_options_are_dockers_defaults_then_the_users_with_the_last_word_winning() {
    assertThat(MountSetup.tmpfsOptions("", false)).containsExactly("noexec", "nosuid", "nodev");
    assertThat(MountSetup.tmpfsOptions("size=1m,exec,size=2m", true))
        .containsExactly("nosuid", "nodev", "exec", "size=2m", "ro");
  }
}
