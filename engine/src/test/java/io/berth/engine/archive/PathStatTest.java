package io.berth.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.sys.Linux;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathStatTest {
  @Test
  void go_file_mode_bits_match_os_lstat() {
    assertThat(PathStat.goMode(Linux.S_IFDIR | 0755)).isEqualTo(2147484141L); // what dockerd reports for a dir
    assertThat(PathStat.goMode(Linux.S_IFLNK | 0777)).isEqualTo(134218239L);
    assertThat(PathStat.goMode(Linux.S_IFREG | 0644)).isEqualTo(420L);
    assertThat(PathStat.goMode(Linux.S_IFREG | 04755)).isEqualTo((1L << 23) | 0755);
    assertThat(PathStat.goMode(Linux.S_IFDIR | 01777)).isEqualTo((1L << 31) | (1L << 20) | 0777);
    assertThat(PathStat.goMode(Linux.S_IFCHR | 0666)).isEqualTo((1L << 26) | (1L << 21) | 0666);
    assertThat(PathStat.goMode(Linux.S_IFIFO | 0600)).isEqualTo((1L << 25) | 0600);
  }

  @Test
  void names_follow_dockers_base_of_the_absolute_path() {
    assertThat(List.of("/", "/.", "/d", "/d/", "/d/.", "/d/./", "/d/..", "/a/b/..", "/a/../b", "rel", "."))
        .extracting(PathStat::baseName)
        .containsExactly("/", ".", "d", "d", ".", ".", "/", "a", "b", "rel", ".");
  }

  @Test
  void json_has_dockers_keys_order_and_time_format() {
    var st = new PathStat("f", 3, 420, Instant.parse("2026-11-27T21:13:31.020173500Z"), "");
    assertThat(st.toJson()).containsExactly(
        java.util.Map.entry("name", "f"), java.util.Map.entry("size", 3L), java.util.Map.entry("mode", 420L),
        java.util.Map.entry("mtime", "2026-11-27T21:13:31.0201735Z"), java.util.Map.entry("linkTarget", ""));
    assertThat(PathStat.headerValue("{}".getBytes())).isEqualTo("e30=");
  }
}
