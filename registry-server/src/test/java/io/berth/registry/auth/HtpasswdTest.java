package io.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtpasswdTest {
  // htpasswd -nbB alice secret ; htpasswd -nbB -C 4 bob 'pässwörd'
  static final String FILE = """
      # registry users
      alice:$2y$05$41OrrGyW6jxU7xtdQ7BSyuwhu43B8YaDPJxFCNRiQqxYxkApZD7DC

      bob:$2y$04$b7GPwyj/c.XS/L8.hXxQf.Z/8ur2nufXMPerNt199mZh8zqVCDbMO
      """;

  @Test
  void parses_users_skipping_comments_and_blank_lines() {
    assertThat(Htpasswd.parse(FILE).users()).containsExactlyInAnyOrder("alice", "bob");
  }

  @Test
  void verifies_passwords() {
    Htpasswd users = Htpasswd.parse(FILE);
    assertThat(users.verify("alice", "secret")).isTrue();
    assertThat(users.verify("alice", "secret")).isTrue(); // remembered
    assertThat(users.verify("alice", "Secret")).isFalse();
    assertThat(users.verify("bob", "pässwörd")).isTrue();
    assertThat(users.verify("bob", "secret")).isFalse();
    assertThat(users.verify("carol", "secret")).isFalse();
  }

  @Test
  void loads_a_file_written_by_htpasswd(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("htpasswd");
    Files.writeString(file, "carol:" + BCrypt.hash("pw", 4) + "\r\n");
    assertThat(Htpasswd.load(file).verify("carol", "pw")).isTrue();
  }

  @Test
  void refuses_non_bcrypt_entries() {
    // htpasswd -nbm (MD5) and -nbs (SHA1)
    assertThatThrownBy(() -> Htpasswd.parse("dave:$apr1$rJ0OxeSR$7bXUwQmxwyl6aF/ixR7Tz/\n"))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("htpasswd line 1: user dave: only bcrypt hashes are supported (htpasswd -B)");
    assertThatThrownBy(() -> Htpasswd.parse("# x\neve:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n"))
        .hasMessageStartingWith("htpasswd line 2: user eve");
    assertThatThrownBy(() -> Htpasswd.parse("no-colon\n")).hasMessage("htpasswd line 1: expected user:hash");
  }

  @Test
  void basic_credentials_round_trip_and_reject_garbage() {
    BasicCredentials credentials = new BasicCredentials("alice", "se:cret");
    assertThat(credentials.header()).isEqualTo("Basic YWxpY2U6c2U6Y3JldA==");
    assertThat(BasicCredentials.parse("basic YWxpY2U6c2U6Y3JldA==")).contains(credentials);
    assertThat(BasicCredentials.parse("Bearer abc")).isEmpty();
    assertThat(BasicCredentials.parse("Basic !!!")).isEmpty();
    assertThat(BasicCredentials.parse("Basic YWxpY2U=")).isEmpty(); // "alice", no colon
    assertThat(BasicCredentials.parse("Basic")).isEmpty();
    assertThat(credentials.toString()).doesNotContain("se:cret");
  }
}
