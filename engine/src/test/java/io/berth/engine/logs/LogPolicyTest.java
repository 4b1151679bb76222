package io.berth.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogPolicyTest {
  @Test void rotation_is_on_by_default() {
    LogPolicy p = LogPolicy.of("k8s-file", Map.of());
    assertThat(p.enabled()).isTrue();
    assertThat(p.maxSize()).isEqualTo(10_000_000);
    assertThat(p.maxFiles()).isEqualTo(3);
    assertThat(LogPolicy.of("", Map.of()).enabled()).isTrue();
    assertThat(LogPolicy.of("none", Map.of()).enabled()).isFalse();
  }

  @Test void sizes_are_go_units_from_human_size() {
    assertThat(LogPolicy.fromHumanSize("1k")).isEqualTo(1000);
    assertThat(LogPolicy.fromHumanSize("1.5m")).isEqualTo(1_500_000);
    assertThat(LogPolicy.fromHumanSize("20MB")).isEqualTo(20_000_000);
    assertThat(LogPolicy.fromHumanSize("2KiB")).isEqualTo(2000);
    assertThat(LogPolicy.fromHumanSize("100")).isEqualTo(100);
    assertThat(LogPolicy.fromHumanSize("3 g")).isEqualTo(3_000_000_000L);
    assertThat(LogPolicy.of("json-file", Map.of("max-size", "1k", "max-file", "2"))).isEqualTo(new LogPolicy(true, 1000, 2));
  }

  @Test void bad_values_get_dockers_messages() {
    assertThatThrownBy(() -> LogPolicy.of("", Map.of("max-size", "abc"))).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("invalid value for max-size: abc: invalid size: 'abc'");
    assertThatThrownBy(() -> LogPolicy.of("", Map.of("max-size", "1x"))).hasMessage("invalid value for max-size: 1x: invalid suffix: 'x'");
    assertThatThrownBy(() -> LogPolicy.of("", Map.of("max-size", "0"))).hasMessage("max-size must be a positive number");
    assertThatThrownBy(() -> LogPolicy.of("", Map.of("max-file", "0"))).hasMessage("max-file cannot be less than 1");
    assertThatThrownBy(() -> LogPolicy.of("", Map.of("max-file", "two")))
        .hasMessage("invalid value for max-file: two: strconv.Atoi: parsing \"two\": invalid syntax");
    assertThatThrownBy(() -> LogPolicy.of("json-file", Map.of("foo", "1"))).hasMessage("unknown log opt 'foo' for json-file log driver");
    assertThatThrownBy(() -> LogPolicy.validate("syslog", Map.of())).hasMessage("logger: no log driver named 'syslog' is registered");
  }

  @Test void daemon_defaults_fill_the_gaps_of_the_same_driver() {
    var d = new LogPolicy.Defaults("k8s-file", Map.of("max-size", "2k", "max-file", "4"));
    assertThat(d.merge("", Map.of("max-file", "2"))).isEqualTo(Map.entry("k8s-file", Map.of("max-size", "2k", "max-file", "2")));
    assertThat(d.merge("none", Map.of())).isEqualTo(Map.entry("none", Map.of()));
    assertThat(d.merge("json-file", Map.of())).isEqualTo(Map.entry("json-file", Map.of()));
    assertThat(new LogPolicy.Defaults("none", Map.of()).merge("", Map.of())).isEqualTo(Map.entry("none", Map.of()));
    assertThatThrownBy(() -> new LogPolicy.Defaults("k8s-file", Map.of("max-size", "x"))).isInstanceOf(BerthException.InvalidArgument.class);
  }
}
