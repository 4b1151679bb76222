package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceSpecsTest {
  static ResourceLimits limits(long memory, long nanoCpus, Optional<Long> pids, List<ResourceLimits.DeviceMapping> devices,
      List<String> rules, List<ResourceLimits.ThrottleDevice> readBps) {
    return new ResourceLimits(memory, memory * 2, 0, Optional.empty(), Optional.of(false), nanoCpus, 0, 0, 0, "", "",
        pids, 0, List.of(), readBps, List.of(), List.of(), List.of(), devices, rules, List.of(), 0, 0, "", "host");
  }

  @Test
  void cpus_become_a_quota_over_a_100ms_period_and_pids_zero_means_unlimited() throws Exception {
    var r = ResourceSpecs.limits(limits(32L << 20, 500_000_000L, Optional.of(0L), List.of(), List.of(), List.of()), List.of());
    String json = new String(Json.bytes(r));
    assertThat(json).contains("\"memory\":{\"limit\":33554432,\"swap\":67108864}")
        .contains("\"cpu\":{\"quota\":50000,\"period\":100000}")
        .contains("\"pids\":{\"limit\":-1}")
        .doesNotContain("blockIO");
  }

  @Test
  void a_device_is_created_and_allowed_with_its_permissions() throws Exception {
    var r = limits(0, 0, Optional.empty(), List.of(new ResourceLimits.DeviceMapping("/dev/null", "/dev/mynull", "r")),
        List.of("c 42:* rm"), List.of());
    var devices = ResourceSpecs.devices(r);
    assertThat(devices).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("/dev/mynull");
      assertThat(d.type()).isEqualTo("c");
      assertThat(d.major()).isEqualTo(1);
      assertThat(d.minor()).isEqualTo(3);
    });
    String json = new String(Json.bytes(ResourceSpecs.limits(r, devices)));
    assertThat(json).contains("{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":3,\"access\":\"r\"}")
        .contains("{\"allow\":true,\"type\":\"c\",\"major\":42,\"access\":\"rm\"}");
  }

  @Test
  void a_missing_device_is_dockers_error() {
    var r = limits(0, 0, Optional.empty(), List.of(new ResourceLimits.DeviceMapping("/dev/berth-nope", "", "rwm")),
        List.of(), List.of());
    assertThatThrownBy(() -> ResourceSpecs.devices(r)).hasMessage(
        "error gathering device information while adding custom device \"/dev/berth-nope\": no such file or directory");
  }

  @Test
  void throttles_need_a_block_device() {
    var r = limits(0, 0, Optional.empty(), List.of(), List.of(), List.of(new ResourceLimits.ThrottleDevice("/dev/null", 1)));
    assertThatThrownBy(() -> ResourceSpecs.limits(r, List.of())).hasMessage("/dev/null is not a block device");
  }

  @Test
  void cgroup_parent_is_made_absolute() {
    var r = new ResourceLimits(0, 0, 0, Optional.empty(), Optional.empty(), 0, 0, 0, 0, "", "", Optional.empty(), 0,
        List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0, 0, "mine", "");
    assertThat(r.cgroupPath("abc")).isEqualTo("/mine/abc");
    assertThat(ResourceLimits.NONE.cgroupPath("abc")).isEqualTo("/berth/abc");
  }
}
