package io.berth.engine.container;

import io.berth.engine.cgroups.CgroupLimits;
import io.berth.engine.cgroups.CgroupManager;
import io.berth.oci.errors.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Docker's {@code update} (moby's {@code daemon/update.go}): new limits and restart policy for a
 * container. The merged limits go through the same checks as at create; a running (or paused)
 * container's cgroup is changed at once through the {@link CgroupManager}, and the stored config
 * changes too, so the next start applies the same limits. Event {@code update}.
 */
public final class ContainerUpdater {
  private final ContainerService containers;
  private final ContainerStore store;
  private final CgroupManager cgroups;

  public ContainerUpdater(ContainerService containers, ContainerStore store, CgroupManager cgroups) {
    this.containers = containers;
    this.store = store;
    this.cgroups = cgroups;
  }

  /** Applies {@code u} and {@code restart} to container {@code ref}; returns Docker's warnings. */
  public List<String> update(String ref, ResourceLimits.Update u, Optional<HostOptions.RestartPolicy> restart) {
    return containers.locked(ref, c -> {
      if (c.state().status() == ContainerState.Status.REMOVING || c.state().status() == ContainerState.Status.DEAD) {
        throw BerthException.conflict("Container is marked for removal and cannot be \"update\"");
      }
      ContainerConfig cfg = c.config();
      if (restart.isPresent() && cfg.autoRemove() && !restart.get().isNone()) {
        throw BerthException.invalid("Restart policy cannot be updated because AutoRemove is enabled for the container");
      }
      ResourceLimits current = cfg.resources();
      checkConflicts(current, u);
      ResourceChecks.Verified v = containers.admission().admit(current.with(u), cfg.host().privileged(), true);
      if (c.state().running() && !u.isEmpty()) {
        try {
          cgroups.update(current.cgroupPath(c.id()), cgroupLimits(u));
        } catch (BerthException e) {
          throw BerthException.invalid("Cannot update container %s: %s", c.id(), e.getMessage());
        }
      }
      ContainerConfig updated = cfg.withResources(v.limits());
      if (restart.isPresent()) updated = updated.withHost(cfg.host().withRestartPolicy(restart.get()));
      store.updateConfig(c.id(), updated);
      containers.publish(c, "update", Map.of());
      return v.warnings();
    });
  }

  /** moby's container.UpdateContainer rules for values that depend on what is already set. */
  static void checkConflicts(ResourceLimits current, ResourceLimits.Update u) {
    if (u.memory().isPresent() && u.memorySwap().isEmpty() && current.memorySwap() > 0
        && u.memory().get() > current.memorySwap()) {
      throw BerthException.invalid("Memory limit should be smaller than already set memoryswap limit, "
          + "update the memoryswap at the same time");
    }
    if (u.nanoCpus().isPresent()) {
      if (current.cpuPeriod() != 0 && u.cpuPeriod().isEmpty()) {
        throw BerthException.invalid("Conflicting options: Nano CPUs cannot be updated as CPU Period has already been set");
      }
      if (current.cpuQuota() != 0 && u.cpuQuota().isEmpty()) {
        throw BerthException.invalid("Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set");
      }
    }
    if (current.nanoCpus() != 0 && u.nanoCpus().isEmpty()) {
      if (u.cpuPeriod().isPresent()) {
        throw BerthException.invalid("Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
      }
      if (u.cpuQuota().isPresent()) {
        throw BerthException.invalid("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
      }
    }
  }

  /** The cgroup values for what {@code u} changes (CFS quota over Docker's 100 ms period for {@code --cpus}). */
  static CgroupLimits cgroupLimits(ResourceLimits.Update u) {
    Optional<Long> quota = u.cpuQuota();
    Optional<Long> period = u.cpuPeriod();
    if (u.nanoCpus().isPresent()) {
      period = Optional.of(ResourceSpecs.NANO_CPU_PERIOD_US);
      quota = Optional.of(u.nanoCpus().get() * ResourceSpecs.NANO_CPU_PERIOD_US / 1_000_000_000L);
    }
    return new CgroupLimits(u.memory(), u.memorySwap(), u.memoryReservation(), u.cpuShares(), quota, period,
        u.cpusetCpus(), u.cpusetMems(), u.pidsLimit().map(p -> p <= 0 ? -1 : p), u.blkioWeight());
  }
}
