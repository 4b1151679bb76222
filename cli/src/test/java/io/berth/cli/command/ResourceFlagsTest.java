package io.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.client.model.Resources.DeviceMapping;
import io.berth.client.model.Resources.ThrottleDevice;
import io.berth.client.model.Resources.Ulimit;
import io.berth.client.model.Resources.WeightDevice;
import org.junit.jupiter.api.Test;

/** docker's value parsers; expected texts are what docker 28.2.2 prints for the same input. */
class ResourceFlagsTest {
  private static final long KIB = 1024;
  private static final long MIB = KIB * 1024;

  @Test
  void sizes_follow_go_units_ram_in_bytes() {
    // go-units' own TestRAMInBytes cases
    assertThat(ResourceFlags.ramInBytes("32")).isEqualTo(32);
    assertThat(ResourceFlags.ramInBytes("32b")).isEqualTo(32);
    assertThat(ResourceFlags.ramInBytes("32B")).isEqualTo(32);
    for (String k : new String[] {"32k", "32K", "32kb", "32Kb", "32Kib", "32KIB"}) assertThat(ResourceFlags.ramInBytes(k)).isEqualTo(32 * KIB);
    assertThat(ResourceFlags.ramInBytes("32Mb")).isEqualTo(32 * MIB);
    assertThat(ResourceFlags.ramInBytes("32Gb")).isEqualTo(32 * MIB * 1024);
    assertThat(ResourceFlags.ramInBytes("32Tb")).isEqualTo(32 * MIB * MIB);
    assertThat(ResourceFlags.ramInBytes("32Pb")).isEqualTo(32 * MIB * MIB * 1024);
    assertThat(ResourceFlags.ramInBytes("32PB")).isEqualTo(32 * MIB * MIB * 1024);
    assertThat(ResourceFlags.ramInBytes("32P")).isEqualTo(32 * MIB * MIB * 1024);
    assertThat(ResourceFlags.ramInBytes("32.3")).isEqualTo(32);
    assertThat(ResourceFlags.ramInBytes("32.3 mb")).isEqualTo((long) (32.3 * MIB));
    assertThat(ResourceFlags.ramInBytes("0.3MB")).isEqualTo((long) (0.3 * MIB));
    assertThat(ResourceFlags.ramInBytes("1e3k")).isEqualTo(1000 * KIB);
  }

  @Test
  void bad_sizes_have_go_units_errors() {
    assertThatThrownBy(() -> ResourceFlags.ramInBytes("")).hasMessage("invalid size: ''");
    assertThatThrownBy(() -> ResourceFlags.ramInBytes("hello")).hasMessage("invalid size: 'hello'");
    assertThatThrownBy(() -> ResourceFlags.ramInBytes("-32")).hasMessage("invalid size: '-32'");
    assertThatThrownBy(() -> ResourceFlags.ramInBytes(" 32 ")).hasMessage("strconv.ParseFloat: parsing \" 32\": invalid syntax");
    assertThatThrownBy(() -> ResourceFlags.ramInBytes("32m b")).hasMessage("strconv.ParseFloat: parsing \"32m\": invalid syntax");
    assertThatThrownBy(() -> ResourceFlags.ramInBytes("32bm")).hasMessage("invalid suffix: 'bm'");
    assertThatThrownBy(() -> ResourceFlags.ramInBytes("10kbb")).hasMessage("invalid suffix: 'kbb'");
    assertThatThrownBy(() -> ResourceFlags.ramInBytes("10x")).hasMessage("invalid suffix: 'x'");
    assertThatThrownBy(() -> ResourceFlags.ramInBytes("1.2.3")).hasMessage("strconv.ParseFloat: parsing \"1.2.3\": invalid syntax");
    assertThatThrownBy(() -> ResourceFlags.ramInBytes("1e400")).hasMessage("strconv.ParseFloat: parsing \"1e400\": value out of range");
    assertThatThrownBy(() -> ResourceFlags.ramInBytes("0x10")).hasMessage("strconv.ParseFloat: parsing \"0x10\": invalid syntax");
    assertThat(ResourceFlags.memorySwap("-1")).isEqualTo(-1);
    assertThatThrownBy(() -> ResourceFlags.memorySwap("-2")).hasMessage("invalid size: '-2'");
  }

  @Test
  void cpus_are_rationals_in_nano_cpus() {
    assertThat(ResourceFlags.nanoCpus("1.5")).isEqualTo(1_500_000_000L);
    assertThat(ResourceFlags.nanoCpus("1/2")).isEqualTo(500_000_000L);
    assertThat(ResourceFlags.nanoCpus("2e-1")).isEqualTo(200_000_000L);
    assertThat(ResourceFlags.nanoCpus(".5")).isEqualTo(500_000_000L);
    assertThat(ResourceFlags.nanoCpus("+1.5")).isEqualTo(1_500_000_000L);
    assertThat(ResourceFlags.nanoCpus("-1")).isEqualTo(-1_000_000_000L); // the daemon refuses it
    assertThat(ResourceFlags.nanoCpus("0")).isZero();
    assertThat(ResourceFlags.nanoCpus("1_0")).isEqualTo(10_000_000_000L);
    assertThat(ResourceFlags.nanoCpus("0.000000001")).isEqualTo(1);
    assertThatThrownBy(() -> ResourceFlags.nanoCpus("abc")).hasMessage("failed to parse abc as a rational number");
    assertThatThrownBy(() -> ResourceFlags.nanoCpus("")).hasMessage("failed to parse  as a rational number");
    assertThatThrownBy(() -> ResourceFlags.nanoCpus("1/0")).hasMessage("failed to parse 1/0 as a rational number");
    assertThatThrownBy(() -> ResourceFlags.nanoCpus("1/-2")).hasMessage("failed to parse 1/-2 as a rational number");
    assertThatThrownBy(() -> ResourceFlags.nanoCpus("1/3")).hasMessage("value is too precise");
    assertThatThrownBy(() -> ResourceFlags.nanoCpus("1e-10")).hasMessage("value is too precise");
    assertThatThrownBy(() -> ResourceFlags.nanoCpus("0.0000000001")).hasMessage("value is too precise");
  }

  @Test
  void integers_are_go_parse_int_base_zero() {
    assertThat(ResourceFlags.parseInt("0x10", 64)).isEqualTo(16);
    assertThat(ResourceFlags.parseInt("010", 64)).isEqualTo(8);
    assertThat(ResourceFlags.parseInt("0b11", 64)).isEqualTo(3);
    assertThat(ResourceFlags.parseInt("0o17", 64)).isEqualTo(15);
    assertThat(ResourceFlags.parseInt("1_000", 64)).isEqualTo(1000);
    assertThat(ResourceFlags.parseInt("-1", 64)).isEqualTo(-1);
    assertThat(ResourceFlags.parseInt("+7", 64)).isEqualTo(7);
    assertThat(ResourceFlags.parseInt("0", 64)).isZero();
    assertThatThrownBy(() -> ResourceFlags.parseInt("x", 64)).hasMessage("strconv.ParseInt: parsing \"x\": invalid syntax");
    assertThatThrownBy(() -> ResourceFlags.parseInt("1.5", 64)).hasMessage("strconv.ParseInt: parsing \"1.5\": invalid syntax");
    assertThatThrownBy(() -> ResourceFlags.parseInt("", 64)).hasMessage("strconv.ParseInt: parsing \"\": invalid syntax");
    assertThatThrownBy(() -> ResourceFlags.parseInt("1__0", 64)).hasMessage("strconv.ParseInt: parsing \"1__0\": invalid syntax");
    assertThatThrownBy(() -> ResourceFlags.parseInt("99999999999999999999", 64))
        .hasMessage("strconv.ParseInt: parsing \"99999999999999999999\": value out of range");
    assertThat(ResourceFlags.parseInt("-9223372036854775808", 64)).isEqualTo(Long.MIN_VALUE);
    assertThat(ResourceFlags.parseUint("0x10", 16)).isEqualTo(16);
    assertThatThrownBy(() -> ResourceFlags.parseUint("70000", 16)).hasMessage("strconv.ParseUint: parsing \"70000\": value out of range");
    assertThatThrownBy(() -> ResourceFlags.parseUint("-1", 16)).hasMessage("strconv.ParseUint: parsing \"-1\": invalid syntax");
  }

  @Test
  void block_io_devices_are_path_and_weight_or_rate() {
    assertThat(ResourceFlags.weightDevice("/dev/sda:200")).isEqualTo(new WeightDevice("/dev/sda", 200));
    assertThat(ResourceFlags.weightDevice("/dev/sda:0")).isEqualTo(new WeightDevice("/dev/sda", 0));
    assertThatThrownBy(() -> ResourceFlags.weightDevice("/dev/sda:5")).hasMessage("invalid weight for device: /dev/sda:5");
    assertThatThrownBy(() -> ResourceFlags.weightDevice("/dev/sda:x")).hasMessage("invalid weight for device: /dev/sda:x");
    assertThatThrownBy(() -> ResourceFlags.weightDevice("sda:5")).hasMessage("bad format for device path: sda:5");
    assertThatThrownBy(() -> ResourceFlags.weightDevice("/dev/sda")).hasMessage("bad format: /dev/sda");
    assertThatThrownBy(() -> ResourceFlags.weightDevice(":5")).hasMessage("bad format: :5");
    assertThat(ResourceFlags.throttleBps("/dev/sda:1mb")).isEqualTo(new ThrottleDevice("/dev/sda", MIB));
    assertThat(ResourceFlags.throttleBps("/dev/sda:1.5k")).isEqualTo(new ThrottleDevice("/dev/sda", 1536));
    assertThatThrownBy(() -> ResourceFlags.throttleBps("/dev/sda:-1")).hasMessage("invalid rate for device: /dev/sda:-1. The correct "
        + "format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb");
    assertThat(ResourceFlags.throttleIops("/dev/sda:100")).isEqualTo(new ThrottleDevice("/dev/sda", 100));
    assertThatThrownBy(() -> ResourceFlags.throttleIops("/dev/sda:1k")).hasMessage("invalid rate for device: /dev/sda:1k. "
        + "The correct format is <device-path>:<number>. Number must be a positive integer");
  }

  @Test
  void ulimits_are_name_soft_and_optional_hard() {
    assertThat(ResourceFlags.ulimit("nofile=100:200")).isEqualTo(new Ulimit("nofile", 200, 100));
    assertThat(ResourceFlags.ulimit("nproc=50")).isEqualTo(new Ulimit("nproc", 50, 50));
    assertThat(ResourceFlags.ulimit("core=-1")).isEqualTo(new Ulimit("core", -1, -1));
    assertThat(ResourceFlags.ulimit("core=5:-1")).isEqualTo(new Ulimit("core", -1, 5));
    assertThatThrownBy(() -> ResourceFlags.ulimit("nofile")).hasMessage("invalid ulimit argument: nofile");
    assertThatThrownBy(() -> ResourceFlags.ulimit("foo=1")).hasMessage("invalid ulimit type: foo");
    assertThatThrownBy(() -> ResourceFlags.ulimit("nofile=2:1")).hasMessage("ulimit soft limit must be less than or equal to hard limit: 2 > 1");
    assertThatThrownBy(() -> ResourceFlags.ulimit("nofile=-1:5"))
        .hasMessage("ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: 5");
    assertThatThrownBy(() -> ResourceFlags.ulimit("nofile=1:2:3"))
        .hasMessage("too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`");
    assertThatThrownBy(() -> ResourceFlags.ulimit("nofile=x")).hasMessage("strconv.ParseInt: parsing \"x\": invalid syntax");
  }

  @Test
  void devices_are_host_container_and_permissions() {
    assertThat(ResourceFlags.device("/dev/kmsg")).isEqualTo(new DeviceMapping("/dev/kmsg", "/dev/kmsg", "rwm"));
    assertThat(ResourceFlags.device("/dev/null:/dev/n2:r")).isEqualTo(new DeviceMapping("/dev/null", "/dev/n2", "r"));
    assertThat(ResourceFlags.device("/dev/zero:rw")).isEqualTo(new DeviceMapping("/dev/zero", "/dev/zero", "rw"));
    assertThat(ResourceFlags.device("/dev/a/../b/")).isEqualTo(new DeviceMapping("/dev/b", "/dev/b", "rwm"));
    assertThat(ResourceFlags.device("/dev/a:/x/./y/")).isEqualTo(new DeviceMapping("/dev/a", "/x/y", "rwm"));
    assertThatThrownBy(() -> ResourceFlags.device("/dev/a:/b:xyz")).hasMessage("bad mode specified: xyz");
    assertThatThrownBy(() -> ResourceFlags.device("/dev/a:/b:")).hasMessage("bad mode specified: ");
    assertThatThrownBy(() -> ResourceFlags.device("/dev/a:b")).hasMessage("b is not an absolute path");
    assertThatThrownBy(() -> ResourceFlags.device("/dev/a:rr")).hasMessage("rr is not an absolute path");
    assertThatThrownBy(() -> ResourceFlags.device("/dev/a::r")).hasMessage(" is not an absolute path");
    assertThatThrownBy(() -> ResourceFlags.device("a:b:c:d")).hasMessage("bad format for path: a:b:c:d");
    assertThatThrownBy(() -> ResourceFlags.device(":/x")).hasMessage("bad format for path: :/x");
  }

  @Test
  void device_cgroup_rules_are_type_major_minor_access() {
    assertThat(ResourceFlags.deviceCgroupRule("c 1:3 rwm")).isEqualTo("c 1:3 rwm");
    assertThat(ResourceFlags.deviceCgroupRule("b *:* r")).isEqualTo("b *:* r");
    assertThatThrownBy(() -> ResourceFlags.deviceCgroupRule("x")).hasMessage("invalid device cgroup format 'x'");
    assertThatThrownBy(() -> ResourceFlags.deviceCgroupRule("c 1:3 rwmx")).hasMessage("invalid device cgroup format 'c 1:3 rwmx'");
  }

  @Test
  void go_path_clean() {
    assertThat(ResourceFlags.cleanPath("/a//b/./c/..")).isEqualTo("/a/b");
    assertThat(ResourceFlags.cleanPath("/../x")).isEqualTo("/x");
    assertThat(ResourceFlags.cleanPath("a/../..")).isEqualTo("..");
    assertThat(ResourceFlags.cleanPath("/")).isEqualTo("/");
  }
}
