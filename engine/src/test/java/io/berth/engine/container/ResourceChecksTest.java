package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.cgroups.CgroupFeatures;
import io.berth.oci.errors.BerthException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceChecksTest {
  static final CgroupFeatures ALL = new CgroupFeatures(true, true, true, true, true, true, true, true, true, "0-1", "0",
      true, true, true, true, true, true, true);
  /** This machine's kind: no blkio weight files. */
  static final CgroupFeatures NO_WEIGHT = new CgroupFeatures(true, true, true, true, true, true, true, true, true,
      "0-1", "0", false, false, true, true, true, true, true);
  static final CgroupFeatures NO_SWAP = new CgroupFeatures(true, false, true, true, true, true, true, true, true,
      "0-1", "0", true, true, true, true, true, true, true);

  final ResourceChecks checks = new ResourceChecks(ALL, 2, false);

  static ResourceLimits memory(long memory, long swap) {
    return new ResourceLimits(memory, swap, 0, Optional.empty(), Optional.empty(), 0, 0, 0, 0, "", "", Optional.empty(),
        0, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0, 0, "", "");
  }

  static ResourceLimits cpus(long nano, long period, long quota, String cpuset) {
    return new ResourceLimits(0, 0, 0, Optional.empty(), Optional.empty(), nano, 0, period, quota, cpuset, "",
        Optional.empty(), 0, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0,
        0, "", "");
  }

  static ResourceLimits blkioWeight(int weight) {
    return new ResourceLimits(0, 0, 0, Optional.empty(), Optional.empty(), 0, 0, 0, 0, "", "", Optional.empty(),
        weight, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0, 0, "", "");
  }

  @Test
  void memory_without_swap_gets_twice_the_memory_as_swap_like_docker() {
    var v = checks.verify(memory(32L << 20, 0), false, false);
    assertThat(v.limits().memorySwap()).isEqualTo(64L << 20);
    assertThat(v.limits().oomKillDisable()).contains(false);
    assertThat(v.warnings()).isEmpty();
  }

  @Test
  void memory_below_six_megabytes_or_negative_is_refused_with_dockers_words() {
    assertThatThrownBy(() -> checks.verify(memory(1 << 20, 0), false, false))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("Minimum memory limit allowed is 6MB");
    assertThatThrownBy(() -> checks.verify(memory(-5, 0), false, false))
        .hasMessage("Minimum memory limit allowed is 6MB");
  }

  @Test
  void swap_smaller_than_memory_or_without_memory_is_refused() {
    assertThatThrownBy(() -> checks.verify(memory(64L << 20, 32L << 20), false, false))
        .hasMessage("Minimum memoryswap limit should be larger than memory limit, see usage");
    assertThatThrownBy(() -> checks.verify(memory(0, 32L << 20), false, false))
        .hasMessage("You should always set the Memory limit when using Memoryswap limit, see usage");
    assertThat(checks.verify(memory(0, 32L << 20), false, true).limits().memorySwap()).isEqualTo(32L << 20);
  }

  @Test
  void a_host_without_swap_accounting_warns_and_limits_memory_only() {
    var v = new ResourceChecks(NO_SWAP, 2, false).verify(memory(32L << 20, 64L << 20), false, false);
    assertThat(v.warnings()).containsExactly(
        "Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap.");
    assertThat(v.limits().memorySwap()).isEqualTo(-1);
  }

  @Test
  void cpus_above_the_host_are_refused_with_dockers_range_message() {
    assertThatThrownBy(() -> checks.verify(cpus(3_000_000_000L, 0, 0, ""), false, false))
        .hasMessage("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
    assertThatThrownBy(() -> checks.verify(cpus(-1, 0, 0, ""), false, false))
        .hasMessage("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
  }

  @Test
  void nano_cpus_conflict_with_period_and_quota() {
    assertThatThrownBy(() -> checks.verify(cpus(500_000_000L, 100000, 0, ""), false, false))
        .hasMessage("Conflicting options: Nano CPUs and CPU Period cannot both be set");
    assertThatThrownBy(() -> checks.verify(cpus(500_000_000L, 0, 50000, ""), false, false))
        .hasMessage("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    assertThatThrownBy(() -> checks.verify(cpus(0, 500, 0, ""), false, false))
        .hasMessage("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
  }

  @Test
  void cpuset_must_name_available_cpus() {
    assertThatThrownBy(() -> checks.verify(cpus(0, 0, 0, "5"), false, false))
        .hasMessage("Requested CPUs are not available - requested 5, available: 0-1");
    assertThatThrownBy(() -> checks.verify(cpus(0, 0, 0, "a-b"), false, false))
        .hasMessage("Invalid value a-b for cpuset cpus: invalid format: a-b");
    assertThat(checks.verify(cpus(0, 0, 0, "0-1"), false, false).limits().cpusetCpus()).isEqualTo("0-1");
  }

  @Test
  void blkio_weight_on_a_host_without_it_is_discarded_with_a_warning() {
    var v = new ResourceChecks(NO_WEIGHT, 2, false).verify(blkioWeight(300), false, false);
    assertThat(v.limits().blkioWeight()).isZero();
    assertThat(v.warnings()).containsExactly(
        "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.");
    assertThatThrownBy(() -> checks.verify(blkioWeight(5), false, false))
        .hasMessage("Range of blkio weight is from 10 to 1000");
  }

  @Test
  void cgroup_namespace_defaults_follow_the_layout() {
    assertThat(checks.verify(ResourceLimits.NONE, false, false).limits().cgroupnsMode()).isEqualTo("host");
    assertThat(new ResourceChecks(ALL, 2, true).verify(ResourceLimits.NONE, false, false).limits().cgroupnsMode())
        .isEqualTo("private");
    assertThatThrownBy(() -> checks.verify(withCgroupns("shared"), false, false))
        .hasMessage("invalid cgroup namespace mode: shared");
  }

  @Test
  void device_cgroup_rules_are_checked_for_format() {
    var r = new ResourceLimits(0, 0, 0, Optional.empty(), Optional.empty(), 0, 0, 0, 0, "", "", Optional.empty(), 0,
        List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of("c 1:3 rwx"), List.of(), 0, 0, "", "");
    assertThatThrownBy(() -> checks.verify(r, false, false)).hasMessage("invalid device cgroup format 'c 1:3 rwx'");
  }

  private static ResourceLimits withCgroupns(String mode) {
    return new ResourceLimits(0, 0, 0, Optional.empty(), Optional.empty(), 0, 0, 0, 0, "", "", Optional.empty(), 0,
        List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0, 0, "", mode);
  }
}
