package io.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostLeaksTest {
  @TempDir Path tmp;

  @Test
  void mountinfo_octal_escapes_are_decoded() {
    assertThat(HostLeaks.unescape("/tmp/a\\040b")).isEqualTo("/tmp/a b");
    assertThat(HostLeaks.unescape("/plain")).isEqualTo("/plain");
  }

  @Test
  void clean_directory_has_no_leaks() {
    HostLeaks.assertNoneFor(tmp, Set.of("a".repeat(64)));
  }

  @Test
  void file_named_after_a_container_is_a_leak() throws Exception {
    String id = "b".repeat(64);
    Files.createDirectories(tmp.resolve("containers").resolve(id));
    assertThat(HostLeaks.find(tmp, Set.of(id))).singleElement().asString().startsWith("file: ");
    assertThatThrownBy(() -> HostLeaks.assertNoneFor(tmp, Set.of(id))).isInstanceOf(AssertionError.class).hasMessageContaining(id);
  }

  @Test
  void root_mount_point_is_found() {
    assertThat(HostLeaks.mountsUnder(List.of(Path.of("/proc")))).contains("/proc");
  }
}
