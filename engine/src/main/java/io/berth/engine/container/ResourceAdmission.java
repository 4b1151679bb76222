package io.berth.engine.container;

import io.berth.engine.cgroups.CgroupFeatures;
import io.berth.engine.cgroups.CgroupLayout;
import java.io.IOException;
import java.util.Map;

/**
 * Admits a container's resources at create (and update) time: Docker's checks against the host's
 * cgroups ({@link ResourceChecks}), the ulimits against what the runtime may set, and the devices
 * named by path must exist, so that a request that cannot start is refused before anything is
 * created.
 */
public final class ResourceAdmission {
  private final ResourceChecks checks;
  private final Map<String, Long> hostHardLimits;
  private final boolean canRaiseLimits;

  public ResourceAdmission(CgroupFeatures features, CgroupLayout layout, int cpus, Map<String, Long> hostHardLimits,
      boolean canRaiseLimits) {
    this.checks = new ResourceChecks(features, cpus, layout == CgroupLayout.UNIFIED);
    this.hostHardLimits = Map.copyOf(hostHardLimits);
    this.canRaiseLimits = canRaiseLimits;
  }

  /** For tests and hosts without cgroups to ask: everything supported, nothing checked against the host. */
  public static ResourceAdmission permissive() {
    CgroupFeatures all = new CgroupFeatures(true, true, true, true, true, true, true, true, true,
        "0-" + (Runtime.getRuntime().availableProcessors() - 1), "0", true, true, true, true, true, true, true);
    return new ResourceAdmission(all, CgroupLayout.HYBRID, Runtime.getRuntime().availableProcessors(), Map.of(), true);
  }

  /** The limits as they will be applied and the warnings for discarded ones; InvalidArgument when impossible. */
  public ResourceChecks.Verified admit(ResourceLimits r, boolean privileged, boolean update) throws IOException {
    ResourceChecks.Verified v = checks.verify(r, privileged, update);
    Ulimits.validate(v.limits().ulimits(), hostHardLimits, canRaiseLimits);
    ResourceSpecs.limits(v.limits(), ResourceSpecs.devices(v.limits())); // resolves every device path, or says which is wrong
    return v;
  }
}
