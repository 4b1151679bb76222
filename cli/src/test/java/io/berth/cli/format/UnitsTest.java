package io.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
  @Test
  void human_sizes_use_decimal_units_and_go_g_formatting() {
    assertThat(Units.humanSize(0)).isEqualTo("0B");
    assertThat(Units.humanSize(999)).isEqualTo("999B");
    assertThat(Units.humanSize(1000)).isEqualTo("1kB");
    assertThat(Units.humanSize(4261185)).isEqualTo("4.26MB");
    assertThat(Units.humanSize(1234567890)).isEqualTo("1.23GB");
    assertThat(Units.humanSize(12_300_000)).isEqualTo("12.3MB");
    assertThat(Units.humanSize(123_000_000)).isEqualTo("123MB");
    assertThat(Units.humanSize(999_999)).isEqualTo("1e+03kB");
    assertThat(Units.humanSize(1_500)).isEqualTo("1.5kB");
  }

  @Test
  void human_durations_match_go_units_wording() {
    assertThat(Units.humanDuration(Duration.ofMillis(500))).isEqualTo("Less than a second");
    assertThat(Units.humanDuration(Duration.ofSeconds(1))).isEqualTo("1 second");
    assertThat(Units.humanDuration(Duration.ofSeconds(59))).isEqualTo("59 seconds");
    assertThat(Units.humanDuration(Duration.ofSeconds(90))).isEqualTo("About a minute");
    assertThat(Units.humanDuration(Duration.ofMinutes(5))).isEqualTo("5 minutes");
    assertThat(Units.humanDuration(Duration.ofMinutes(59))).isEqualTo("59 minutes");
    assertThat(Units.humanDuration(Duration.ofMinutes(60))).isEqualTo("About an hour");
    assertThat(Units.humanDuration(Duration.ofMinutes(89))).isEqualTo("About an hour");
    assertThat(Units.humanDuration(Duration.ofMinutes(90))).isEqualTo("2 hours");
    assertThat(Units.humanDuration(Duration.ofHours(47))).isEqualTo("47 hours");
    assertThat(Units.humanDuration(Duration.ofDays(3))).isEqualTo("3 days");
    assertThat(Units.humanDuration(Duration.ofDays(40))).isEqualTo("5 weeks");
    assertThat(Units.humanDuration(Duration.ofDays(100))).isEqualTo("3 months");
    assertThat(Units.humanDuration(Duration.ofDays(800))).isEqualTo("2 years");
  }

  @Test
  void ellipsis_cuts_to_max_characters_with_a_trailing_ellipsis() {
    assertThat(Units.ellipsis("true", 20)).isEqualTo("true");
    assertThat(Units.ellipsis("12345678901234567890", 20)).isEqualTo("12345678901234567890");
    assertThat(Units.ellipsis("sh -c 'for i in 1 2 3; do echo", 20)).isEqualTo("sh -c 'for i in 1 2…");
    assertThat(Units.ellipsis("/bin/sh -c 'echo üñí très", 20)).isEqualTo("/bin/sh -c 'echo üñ…");
  }

  @Test
  void go_quote_escapes_like_strconv_quote() {
    assertThat(Units.goQuote("echo \"hi\" \\ tab\there")).isEqualTo("\"echo \\\"hi\\\" \\\\ tab\\there\"");
    assertThat(Units.goQuote("a\nb\u0001")).isEqualTo("\"a\\nb\\x01\"");
    assertThat(Units.goQuote("üñ…")).isEqualTo("\"üñ…\"");
    assertThat(Units.goQuote("")).isEqualTo("\"\"");
  }

  @Test
  void truncate_id_drops_the_algorithm_and_keeps_twelve_characters() {
    assertThat(Units.truncateId("sha256:" + "ab".repeat(32))).isEqualTo("abababababab");
    assertThat(Units.truncateId("3f2a91")).isEqualTo("3f2a91");
  }
}
