package io.berth.engine.container;

import io.berth.engine.container.spec.SecurityOptions;
import io.berth.engine.container.spec.SpecGenerator;
import io.berth.engine.container.spec.SpecInput;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.runtime.Mount;
import io.berth.oci.runtime.Spec;
import io.berth.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Writes a container's OCI bundle: {@code config.json} generated from its config with Docker's
 * defaults and its host options (privileges, capabilities, security options, read-only rootfs, extra
 * groups, sysctls, init) and resource limits (cgroups, devices, ulimits), with the per-container
 * hostname/hosts/resolv.conf files bind-mounted over the image's, and the user's binds, volumes and tmpfs mounts.
 */
public final class BundleWriter {
  private final SpecGenerator generator = SpecGenerator.forThisHost();
  private final Optional<Path> initBinary;
  private volatile VolumeAccess volumes = VolumeAccess.unavailable();

  /** A writer without an init binary: {@code --init} containers fail to start. */
  public BundleWriter() {
    this(Optional.empty());
  }

  /** @param initBinary the static init {@code --init} runs (tini-static, Docker's docker-init) */
  public BundleWriter(Optional<Path> initBinary) {
    this.initBinary = initBinary;
  }

  /** The volumes containers' volume mounts come from. */
  void useVolumes(VolumeAccess v) {
    volumes = v;
  }

  public Spec write(Container c, Path rootfs, Path bundle) throws IOException {
    return write(c, rootfs, bundle, c.config().host().hostNetwork()
        ? Optional.of(SpecInput.HOST_NETNS) : Optional.empty(), bundle);
  }

  /**
   * @param netns    a network namespace to join (the host's, another container's); empty: a new one
   * @param filesDir where the container's hostname, hosts and resolv.conf files are (its own bundle,
   *                 or the one of the container whose namespace it shares)
   */
  public Spec write(Container c, Path rootfs, Path bundle, Optional<Path> netns, Path filesDir) throws IOException {
    ContainerConfig cfg = c.config();
    HostOptions host = cfg.host();
    ResourceLimits limits = cfg.resources();
    List<io.berth.oci.runtime.Device> devices = ResourceSpecs.devices(limits);
    List<Mount> binds = MountSetup.prepare(ContainerMounts.of(host), volumes);
    List<Mount> files = new java.util.ArrayList<>(List.of(
        Mount.bind(filesDir.resolve("resolv.conf").toString(), "/etc/resolv.conf", false),
        Mount.bind(filesDir.resolve("hostname").toString(), "/etc/hostname", false),
        Mount.bind(filesDir.resolve("hosts").toString(), "/etc/hosts", false)));
    // A user's bind over /etc/hosts (or the others) replaces the generated file, as in Docker.
    files.removeIf(f -> binds.stream().anyMatch(b -> b.destination().equals(f.destination())));
    files.addAll(binds);
    SpecInput.Builder in = SpecInput.builder(c.id(), rootfs, cfg.args())
        .env(cfg.env())
        .workingDir(cfg.workingDir().isEmpty() ? "/" : cfg.workingDir())
        .user(cfg.user())
        .groupAdd(host.groupAdd())
        .hostname(cfg.hostname())
        .terminal(cfg.tty())
        .openStdin(cfg.openStdin())
        .extraMounts(files)
        .cgroupsPath(limits.cgroupPath(c.id()))
        .shmSize(limits.effectiveShmSize())
        .oomScoreAdj(limits.oomScoreAdj())
        .cgroupNamespace(limits.privateCgroupns())
        .rlimits(Ulimits.toRlimits(limits.ulimits()))
        .privileged(host.privileged())
        .capAdd(host.capAdd())
        .capDrop(host.capDrop())
        .readonlyRootfs(host.readonlyRootfs())
        .security(SecurityOptions.parse(host.securityOpt()))
        .sysctls(host.sysctls())
        .devices(devices)
        .limits(ResourceSpecs.limits(limits, devices));
    // runc joins the namespace at this path; conmon and runc run in berthd's (the host's) namespace,
    // so for --network host "their own" (/proc/self/ns/net) is the host's.
    netns.ifPresent(in::netnsPath);
    if (host.initEnabled()) {
      // Docker's message when its docker-init is missing.
      in.initBinary(initBinary.orElseThrow(() -> BerthException.invalid(
          "exec: \"docker-init\": executable file not found in $PATH")));
    }
    Spec spec = generator.generate(in.build());
    AtomicFiles.write(bundle.resolve("config.json"), Json.bytes(spec));
    return spec;
  }
}
