package io.berth.engine.container.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.container.spec.UserResolver.ResolvedUser;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserResolverTest {
  @TempDir Path dir;
  Path rootfs;

  static final String PASSWD = """
      root:x:0:0:root:/root:/bin/sh
      daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
      # a comment
      broken line
      app:x:1000:1000:App:/home/app:/bin/sh
      nohome:x:1001:1001::::
      """;
  static final String GROUP = """
      root:x:0:
      wheel:x:10:root,app
      staff:x:50:app
      app:x:1000:
      audio:x:29:
      """;

  @BeforeEach
  void setUp() throws IOException {
    rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"), PASSWD);
    Files.writeString(rootfs.resolve("etc/group"), GROUP);
  }

  ResolvedUser resolve(String user) {
    return UserResolver.resolve(rootfs, user, List.of());
  }

  @Test
  void empty_user_is_root_with_its_home_and_groups() {
    assertThat(resolve("")).isEqualTo(new ResolvedUser(0, 0, List.of(0L, 10L), "/root"));
  }

  @Test
  void name_brings_primary_gid_home_and_supplementary_groups() {
    assertThat(resolve("app")).isEqualTo(new ResolvedUser(1000, 1000, List.of(1000L, 10L, 50L), "/home/app"));
  }

  @Test
  void uid_of_a_known_user_is_looked_up_too() {
    assertThat(resolve("1000")).isEqualTo(new ResolvedUser(1000, 1000, List.of(1000L, 10L, 50L), "/home/app"));
  }

  @Test
  void unknown_uid_runs_with_gid_zero_and_home_slash() {
    assertThat(resolve("4242")).isEqualTo(new ResolvedUser(4242, 0, List.of(0L), "/"));
  }

  @Test
  void explicit_group_replaces_the_primary_group_and_drops_supplementary_ones() {
    assertThat(resolve("app:audio")).isEqualTo(new ResolvedUser(1000, 29, List.of(29L), "/home/app"));
    assertThat(resolve("1000:77")).isEqualTo(new ResolvedUser(1000, 77, List.of(77L), "/home/app"));
    assertThat(resolve("4242:50")).isEqualTo(new ResolvedUser(4242, 50, List.of(50L), "/"));
  }

  @Test
  void empty_home_falls_back_to_slash() {
    assertThat(resolve("nohome").home()).isEqualTo("/");
  }

  @Test
  void unknown_name_fails_with_dockers_message() {
    assertThatThrownBy(() -> resolve("nobody")).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("unable to find user nobody: no matching entries in passwd file");
  }

  @Test
  void unknown_group_fails_with_dockers_message() {
    assertThatThrownBy(() -> resolve("app:nogroup")).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("unable to find group nogroup: no matching entries in group file");
  }

  @Test
  void out_of_range_ids_are_rejected() {
    assertThatThrownBy(() -> resolve("4294967296")).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("uids and gids must be in range 0-2147483647");
  }

  @Test
  void group_add_appends_named_and_numeric_groups() {
    assertThat(UserResolver.resolve(rootfs, "app", List.of("audio", "123", "wheel")).additionalGids())
        .containsExactly(1000L, 10L, 50L, 29L, 123L);
    assertThatThrownBy(() -> UserResolver.resolve(rootfs, "", List.of("video")))
        .hasMessage("Unable to find group video: no matching entries in group file");
  }

  @Test
  void missing_files_allow_root_and_numeric_users_only() throws IOException {
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.delete(rootfs.resolve("etc/group"));
    assertThat(resolve("")).isEqualTo(new ResolvedUser(0, 0, List.of(0L), "/"));
    assertThat(resolve("33:33")).isEqualTo(new ResolvedUser(33, 33, List.of(33L), "/"));
    assertThatThrownBy(() -> resolve("www-data")).hasMessageContaining("no matching entries in passwd file");
  }

  @Test
  void absolute_symlinks_are_resolved_inside_the_rootfs() throws IOException {
    Files.move(rootfs.resolve("etc/passwd"), rootfs.resolve("etc/passwd.real"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/etc/passwd.real"));
    assertThat(resolve("app").uid()).isEqualTo(1000);
  }

  @Test
  void symlinks_cannot_escape_the_rootfs() throws IOException {
    // A "host" passwd next to the rootfs that a naive reader would reach through ../..
    Files.createDirectories(dir.resolve("etc"));
    Files.writeString(dir.resolve("etc/passwd.host"), "evil:x:0:0::/:/bin/sh\n");
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("../../../../../../etc/passwd.host"));
    assertThatThrownBy(() -> resolve("evil")).hasMessageContaining("unable to find user evil");
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), dir.resolve("etc/passwd.host"));
    assertThatThrownBy(() -> resolve("evil")).hasMessageContaining("unable to find user evil");
  }

  @Test
  void symlinked_directories_are_followed_inside_the_rootfs() throws IOException {
    Path real = Files.createDirectories(rootfs.resolve("data/etc"));
    Files.move(rootfs.resolve("etc/passwd"), real.resolve("passwd"));
    Files.move(rootfs.resolve("etc/group"), real.resolve("group"));
    Files.delete(rootfs.resolve("etc"));
    Files.createSymbolicLink(rootfs.resolve("etc"), Path.of("data/etc"));
    assertThat(resolve("app").additionalGids()).containsExactly(1000L, 10L, 50L);
  }

  @Test
  void symlink_loops_are_reported() throws IOException {
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("passwd"));
    assertThatThrownBy(() -> resolve("app")).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("too many levels of symbolic links: /etc/passwd");
  }

  @Test
  void a_passwd_that_is_not_a_regular_file_is_treated_as_missing() throws IOException {
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.createDirectory(rootfs.resolve("etc/passwd"));
    assertThat(resolve("0").home()).isEqualTo("/");
  }
}
