package io.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BCryptTest {

  @Test
  void blowfish_initial_state_is_the_hex_digits_of_pi() {
    int[] words = BCrypt.PiDigits.WORDS;
    assertThat(words).hasSize(1042);
    assertThat(words[0]).isEqualTo(0x243f6a88);    // P[0]
    assertThat(words[1]).isEqualTo(0x85a308d3);    // P[1]
    assertThat(words[17]).isEqualTo(0x8979fb1b);   // P[17]
    assertThat(words[18]).isEqualTo(0xd1310ba6);   // S0[0]
    assertThat(words[1041]).isEqualTo(0x3ac372e6); // S3[255]
  }

  @Test
  void verifies_hashes_written_by_apache_htpasswd() {
    // htpasswd -nbB alice secret ; htpasswd -nbB -C 4 bob 'pässwörd' (apache2-utils 2.4)
    assertThat(BCrypt.verify("secret", "$2y$05$41OrrGyW6jxU7xtdQ7BSyuwhu43B8YaDPJxFCNRiQqxYxkApZD7DC")).isTrue();
    assertThat(BCrypt.verify("secreT", "$2y$05$41OrrGyW6jxU7xtdQ7BSyuwhu43B8YaDPJxFCNRiQqxYxkApZD7DC")).isFalse();
    assertThat(BCrypt.verify("pässwörd", "$2y$04$b7GPwyj/c.XS/L8.hXxQf.Z/8ur2nufXMPerNt199mZh8zqVCDbMO")).isTrue();
    assertThat(BCrypt.verify("passwoerd", "$2y$04$b7GPwyj/c.XS/L8.hXxQf.Z/8ur2nufXMPerNt199mZh8zqVCDbMO")).isFalse();
  }

  @Test
  void verifies_the_openbsd_test_vectors() {
    // Published $2a$ vectors (OpenBSD / jBCrypt test suites).
    assertThat(BCrypt.verify("", "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.")).isTrue();
    assertThat(BCrypt.verify("a", "$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe")).isTrue();
    assertThat(BCrypt.verify("abc", "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i")).isTrue();
    assertThat(BCrypt.verify("abcdefghijklmnopqrstuvwxyz",
        "$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC")).isTrue();
  }

  @Test
  void passwords_are_cut_at_72_bytes() {
    String hash = BCrypt.hash("x".repeat(72), 4);
    assertThat(BCrypt.verify("x".repeat(72) + "ignored", hash)).isTrue();
    assertThat(BCrypt.verify("x".repeat(71), hash)).isFalse();
  }

  @Test
  void hash_round_trips_and_prints_as_htpasswd_does() {
    String hash = BCrypt.hash("hunter2", 5);
    assertThat(hash).startsWith("$2y$05$").hasSize(60);
    assertThat(BCrypt.verify("hunter2", hash)).isTrue();
    assertThat(BCrypt.Hash.parse(hash).orElseThrow().toString()).isEqualTo(hash);
  }

  @Test
  void malformed_or_unsupported_hashes_match_nothing() {
    assertThat(BCrypt.verify("secret", "")).isFalse();
    assertThat(BCrypt.verify("secret", "$2x$05$41OrrGyW6jxU7xtdQ7BSyuwhu43B8YaDPJxFCNRiQqxYxkApZD7DC")).isFalse();
    assertThat(BCrypt.verify("secret", "$2y$03$41OrrGyW6jxU7xtdQ7BSyuwhu43B8YaDPJxFCNRiQqxYxkApZD7DC")).isFalse();
    assertThat(BCrypt.verify("secret", "$2y$05$41OrrGyW6jxU7xtdQ7BSyuwhu43B8YaDPJxFCNRiQqxYxkApZD7D")).isFalse();
    assertThat(BCrypt.verify("secret", "$2y$05$41OrrGyW6jxU7xtdQ7BSyuwhu43B8YaDPJxFCNRiQqxYxkApZD7D!")).isFalse();
  }
}
