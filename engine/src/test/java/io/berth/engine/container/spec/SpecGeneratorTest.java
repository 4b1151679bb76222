package io.berth.engine.container.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.runtime.Device;
import io.berth.oci.runtime.DeviceCgroup;
import io.berth.oci.runtime.Linux;
import io.berth.oci.runtime.Mount;
import io.berth.oci.runtime.Namespace;
import io.berth.oci.runtime.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecGeneratorTest {
  static final String ID = "3f2a91c0ffee3f2a91c0ffee3f2a91c0ffee3f2a91c0ffee3f2a91c0ffee3f2a";
  static final Path ROOTFS = Path.of("/var/lib/berth/snapshots/7/merged"); // not read: no passwd → root

  static final HostFacts HOST = new HostFacts(LinuxCapabilitiesTest.HOST, name -> true, List.of(),
      () -> List.of(new Device("/dev/sda", "b", 8, 0, Optional.of(0660), Optional.of(0L), Optional.of(6L))));
  final SpecGenerator generator = new SpecGenerator(HOST);

  static SpecInput.Builder busybox() {
    return SpecInput.builder(ID, ROOTFS, List.of("sh", "-c", "echo ok"))
        .env(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
  }

  static void assertGolden(Spec spec, String name) throws IOException {
    byte[] actual = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(spec);
    Path out = Path.of("target", "golden-actual", name);
    Files.createDirectories(out.getParent());
    Files.write(out, actual); // to update: copy target/golden-actual/<name> over the resource
    JsonNode golden;
    try (InputStream in = SpecGeneratorTest.class.getResourceAsStream(name)) {
      golden = Json.mapper().readTree(in);
    }
    assertThat(Json.mapper().readTree(actual)).as("compare with " + out).isEqualTo(golden);
  }

  @Test
  void default_container_matches_the_golden_config() throws IOException {
    assertGolden(generator.generate(busybox().build()), "default-config.json");
  }

  @Test
  void configured_container_matches_the_golden_config() throws IOException {
    SpecInput in = busybox()
        .hostname("web")
        .terminal(true)
        .workingDir("/srv")
        .env(List.of("PATH=/opt/bin:/bin", "TERM", "LANG=C.UTF-8"))
        .netnsPath(Path.of("/run/berth/netns/" + ID.substring(0, 12)))
        .cgroupsPath("/berth/" + ID)
        .capAdd(List.of("NET_ADMIN"))
        .capDrop(List.of("MKNOD"))
        .readonlyRootfs(true)
        .shmSize(128L << 20)
        .oomScoreAdj(100)
        .extraMounts(List.of(
            Mount.bind("/var/lib/berth/containers/" + ID + "/resolv.conf", "/etc/resolv.conf", false),
            Mount.bind("/var/lib/berth/containers/" + ID + "/hostname", "/etc/hostname", false),
            Mount.bind("/var/lib/berth/containers/" + ID + "/hosts", "/etc/hosts", false),
            Mount.bind("/var/lib/berth/volumes/logs/_data", "/data/logs", false),
            Mount.bind("/var/lib/berth/volumes/data/_data", "/data", true)))
        .build();
    assertGolden(generator.generate(in), "configured-config.json");
  }

  @Test
  void new_network_namespace_has_no_path_and_joined_one_has() {
    Linux fresh = generator.generate(busybox().build()).linux().orElseThrow();
    assertThat(fresh.namespaces()).extracting(Namespace::type)
        .containsExactly("pid", "network", "ipc", "uts", "mount", "cgroup");
    assertThat(fresh.namespaces()).allMatch(ns -> ns.path().isEmpty());
    Linux joined = generator.generate(busybox().netnsPath(Path.of("/run/berth/netns/x")).build()).linux().orElseThrow();
    assertThat(joined.namespaces().get(1)).isEqualTo(Namespace.join("network", "/run/berth/netns/x"));
  }

  @Test
  void environment_follows_dockers_rules() {
    var spec = generator.generate(busybox().hostname("h").env(List.of("FOO=1", "HOME=/custom", "FOO=2")).build());
    assertThat(spec.process().env()).containsExactly(
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=h", "FOO=2", "HOME=/custom");
    var noPath = generator.generate(SpecInput.builder(ID, ROOTFS, List.of("true")).build());
    assertThat(noPath.process().env()).first().isEqualTo("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    assertThat(noPath.process().env()).contains("HOSTNAME=3f2a91c0ffee", "HOME=/");
  }

  @Test
  void home_comes_from_the_images_passwd(@org.junit.jupiter.api.io.TempDir Path rootfs) throws IOException {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nweb:x:33:33::/var/www:/bin/sh\n");
    var spec = generator.generate(SpecInput.builder(ID, rootfs, List.of("true")).user("web").build());
    assertThat(spec.process().env()).contains("HOME=/var/www");
    assertThat(spec.process().user().uid()).isEqualTo(33);
    assertThat(generator.generate(SpecInput.builder(ID, rootfs, List.of("true")).build()).process().env())
        .contains("HOME=/root");
  }

  @Test
  void privileged_gets_all_available_caps_devices_and_no_confinement() {
    Spec spec = generator.generate(busybox().privileged(true).build());
    Linux linux = spec.linux().orElseThrow();
    assertThat(spec.process().capabilities().orElseThrow().bounding()).hasSize(40).doesNotContain("CAP_SYS_RESOURCE");
    assertThat(linux.seccomp()).isEmpty();
    assertThat(linux.maskedPaths()).isEmpty();
    assertThat(linux.readonlyPaths()).isEmpty();
    assertThat(linux.devices()).extracting(Device::path).containsExactly("/dev/sda");
    assertThat(linux.resources().orElseThrow().devices()).containsExactly(DeviceCgroup.allowAll());
    assertThat(spec.mounts()).filteredOn(m -> m.destination().startsWith("/sys"))
        .allSatisfy(m -> assertThat(m.options()).doesNotContain("ro"));
  }

  @Test
  void user_mount_on_a_default_destination_replaces_it_and_dev_replaces_everything_below() {
    Mount shm = Mount.bind("/host/shm", "/dev/shm", false);
    assertThat(generator.generate(busybox().extraMounts(List.of(shm)).build()).mounts())
        .filteredOn(m -> m.destination().equals("/dev/shm")).containsExactly(shm);
    Mount dev = Mount.bind("/dev", "/dev", false);
    assertThat(generator.generate(busybox().extraMounts(List.of(dev)).build()).mounts())
        .extracting(Mount::destination).containsExactly("/proc", "/sys", "/sys/fs/cgroup", "/dev");
  }

  @Test
  void seccomp_follows_the_effective_capabilities() {
    var plain = generator.generate(busybox().build()).linux().orElseThrow().seccomp().orElseThrow();
    assertThat(plain.syscalls().getFirst().names()).doesNotContain("mount").contains("chroot");
    var admin = generator.generate(busybox().capAdd(List.of("SYS_ADMIN")).capDrop(List.of("SYS_CHROOT")).build())
        .linux().orElseThrow().seccomp().orElseThrow();
    assertThat(admin.syscalls().getFirst().names()).contains("mount", "unshare", "setns").doesNotContain("chroot");
  }

  @Test
  void sysctls_are_only_set_when_the_kernel_has_them() {
    var none = new SpecGenerator(new HostFacts(LinuxCapabilitiesTest.HOST, n -> false, List.of(), List::of));
    assertThat(none.generate(busybox().build()).linux().orElseThrow().sysctl()).isEmpty();
  }

  @Test
  void init_runs_the_process_from_a_read_only_bind() {
    Spec spec = generator.generate(busybox().initBinary(Path.of("/usr/bin/tini-static")).build());
    assertThat(spec.process().args()).containsExactly("/sbin/docker-init", "--", "sh", "-c", "echo ok");
    assertThat(spec.mounts()).last()
        .isEqualTo(new Mount("/sbin/docker-init", "bind", "/usr/bin/tini-static", List.of("bind", "ro")));
  }

  @Test
  void security_options_reach_the_spec() {
    Spec nnp = generator.generate(busybox().security(SecurityOptions.parse(List.of("no-new-privileges"))).build());
    assertThat(nnp.process().noNewPrivileges()).isTrue();
    Spec unconfined = generator.generate(busybox().security(SecurityOptions.parse(List.of("seccomp=unconfined"))).build());
    assertThat(unconfined.linux().orElseThrow().seccomp()).isEmpty();
    String profile = "seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"chmod\"],"
        + "\"action\":\"SCMP_ACT_ERRNO\"}]}";
    var custom = generator.generate(busybox().security(SecurityOptions.parse(List.of(profile))).build())
        .linux().orElseThrow().seccomp().orElseThrow();
    assertThat(custom.defaultAction()).isEqualTo("SCMP_ACT_ALLOW");
    assertThat(custom.syscalls()).singleElement().satisfies(r -> assertThat(r.names()).containsExactly("chmod"));
    // Docker: privileged containers run unconfined whatever the profile.
    var privileged = generator.generate(busybox().privileged(true).security(SecurityOptions.parse(List.of(profile))).build());
    assertThat(privileged.linux().orElseThrow().seccomp()).isEmpty();
  }

  @Test
  void user_sysctls_join_and_override_the_defaults() {
    var sysctl = generator.generate(busybox().sysctls(java.util.Map.of("net.ipv4.ip_forward", "1",
        "net.ipv4.ip_unprivileged_port_start", "1024")).build()).linux().orElseThrow().sysctl();
    assertThat(sysctl).containsEntry("net.ipv4.ip_forward", "1").containsEntry("net.ipv4.ip_unprivileged_port_start", "1024")
        .containsEntry("net.ipv4.ping_group_range", "0 2147483647");
  }

  @Test
  void read_only_rootfs_keeps_the_containers_own_file_systems_writable() {
    Spec spec = generator.generate(busybox().readonlyRootfs(true).build());
    assertThat(spec.root().readonly()).isTrue();
    assertThat(spec.mounts()).filteredOn(m -> List.of("/dev", "/dev/shm", "/dev/pts", "/dev/mqueue", "/proc")
        .contains(m.destination())).allSatisfy(m -> assertThat(m.options()).doesNotContain("ro"));
    assertThat(spec.mounts()).filteredOn(m -> m.destination().equals("/sys")).allSatisfy(m -> assertThat(m.options()).contains("ro"));
  }

  @Test
  void invalid_input_is_rejected() {
    assertThatThrownBy(() -> SpecInput.builder(ID, ROOTFS, List.of()).build())
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("no command specified");
    assertThatThrownBy(() -> busybox().workingDir("srv").build()).isInstanceOf(BerthException.InvalidArgument.class);
    assertThatThrownBy(() -> generator.generate(busybox().capAdd(List.of("NOPE")).build()))
        .isInstanceOf(BerthException.InvalidArgument.class);
  }
}
