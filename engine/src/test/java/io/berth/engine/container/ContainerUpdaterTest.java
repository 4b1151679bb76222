package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerUpdaterTest {
  static ResourceLimits.Update update(Optional<Long> memory, Optional<Long> nano, Optional<Long> period, Optional<Long> pids) {
    return new ResourceLimits.Update(memory, Optional.empty(), Optional.empty(), nano, Optional.empty(), period,
        Optional.empty(), Optional.empty(), Optional.empty(), pids, Optional.empty());
  }

  @Test
  void raising_memory_above_the_swap_limit_needs_the_swap_too() {
    var current = ResourceChecksTest.memory(32L << 20, 64L << 20);
    assertThatThrownBy(() -> ContainerUpdater.checkConflicts(current,
        update(Optional.of(128L << 20), Optional.empty(), Optional.empty(), Optional.empty())))
        .hasMessage("Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time");
    ContainerUpdater.checkConflicts(current, update(Optional.of(16L << 20), Optional.empty(), Optional.empty(), Optional.empty()));
  }

  @Test
  void cpu_period_cannot_change_under_nano_cpus() {
    var current = ResourceChecksTest.cpus(1_000_000_000L, 0, 0, "");
    assertThatThrownBy(() -> ContainerUpdater.checkConflicts(current,
        update(Optional.empty(), Optional.empty(), Optional.of(50000L), Optional.empty())))
        .hasMessage("Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
  }

  @Test
  void cgroup_values_follow_dockers_conversions() {
    var l = ContainerUpdater.cgroupLimits(update(Optional.empty(), Optional.of(1_500_000_000L), Optional.empty(), Optional.of(0L)));
    assertThat(l.cpuQuota()).contains(150000L);
    assertThat(l.cpuPeriod()).contains(100000L);
    assertThat(l.pidsLimit()).contains(-1L);
    assertThat(l.memory()).isEmpty();
  }
}
