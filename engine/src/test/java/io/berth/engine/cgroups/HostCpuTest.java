package io.berth.engine.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCpuTest {
  @TempDir Path tmp;

  /** The head of this host's /proc/stat. */
  static final String STAT = """
      cpu  1525474 0 494875 1366179 5936 0 8848 17 0 0
      cpu0 757824 0 241555 695759 1137 0 4142 0 0 0
      cpu1 767649 0 253319 670420 4799 0 4706 0 0 0
      intr 142343 0 9 0 0 0
      ctxt 9876543
      cpu9 this line is not at the top: not counted
      """;

  @Test
  void system_usage_is_the_first_seven_fields_in_nanoseconds() {
    HostCpu.Sample s = HostCpu.parse(STAT);
    // user+nice+system+idle+iowait+irq+softirq ticks (steal, 17, left out) at 100 per second
    long ticks = 1525474L + 0 + 494875 + 1366179 + 5936 + 0 + 8848;
    assertThat(s.systemUsageNanos()).isEqualTo(ticks * 10_000_000L);
    assertThat(s.onlineCpus()).isEqualTo(2);
  }

  @Test
  void reads_a_proc_stat_file() throws Exception {
    Files.writeString(tmp.resolve("stat"), STAT);
    HostCpu cpu = new HostCpu(tmp.resolve("stat"));
    assertThat(cpu.onlineCpus()).isEqualTo(2);
    assertThat(cpu.systemUsageNanos()).isPositive();
  }

  @Test
  void this_hosts_counters_grow() {
    HostCpu cpu = HostCpu.forHost();
    assertThat(cpu.onlineCpus()).isPositive();
    long before = cpu.systemUsageNanos();
    assertThat(before).isPositive();
    assertThat(cpu.systemUsageNanos()).isGreaterThanOrEqualTo(before);
  }
}
