package io.berth.cli.cp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.cli.cp.CpPaths.CopyInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpPathsTest {
  @Test
  void go_path_functions() {
    assertThat(List.of("", "/", "a//b/./c/..", "/../x", "../a", "a/")).extracting(CpPaths::clean)
        .containsExactly(".", "/", "a/b", "/x", "../a", "a");
    assertThat(List.of("/", "/a/b", "/a/b/", "/a/b/.", "a")).extracting(CpPaths::base)
        .containsExactly("/", "b", "b", ".", "a");
    assertThat(List.of("/a/b", "/a", "a", "/a/b/")).extracting(CpPaths::dir).containsExactly("/a", "/", ".", "/a/b");
  }

  @Test
  void trailing_dot_and_slash_are_kept() {
    assertThat(CpPaths.preserveTrailingDotOrSeparator("/x/d", "d/.")).isEqualTo("/x/d/.");
    assertThat(CpPaths.preserveTrailingDotOrSeparator("/x/d", "d/")).isEqualTo("/x/d/");
    assertThat(CpPaths.preserveTrailingDotOrSeparator("/", "/.")).isEqualTo("/.");
    assertThat(CpPaths.splitPathDirEntry("/a/b/.")).containsExactly("/a/b", ".");
    assertThat(CpPaths.splitPathDirEntry("/a/b/")).containsExactly("/a", "b");
    assertThat(CpPaths.assertsDirectory("/a/")).isTrue();
    assertThat(CpPaths.assertsDirectory("/a/.")).isTrue();
    assertThat(CpPaths.assertsDirectory("/a")).isFalse();
  }

  @Test
  void container_arguments_split_as_docker_does() {
    assertThat(CpPaths.splitContainerArg("c1:/tmp/x")).hasValueSatisfying(a -> assertThat(a).containsExactly("c1", "/tmp/x"));
    assertThat(CpPaths.splitContainerArg("c1:rel")).hasValueSatisfying(a -> assertThat(a).containsExactly("c1", "rel"));
    assertThat(CpPaths.splitContainerArg("/abs/file:name")).isEmpty();
    assertThat(CpPaths.splitContainerArg("./file:name")).isEmpty();
    assertThat(CpPaths.splitContainerArg("plain")).isEmpty();
    assertThat(CpPaths.splitContainerArg("-")).isEmpty();
  }

  @Test
  void archive_copy_decisions() {
    var dirSrc = new CopyInfo("/src/d", true, true);
    var fileSrc = new CopyInfo("/src/f", true, false);
    var contents = new CopyInfo("/src/d/.", true, true);
    // into an existing directory: as is
    var p = CpPaths.prepareArchiveCopy(dirSrc, new CopyInfo("/dst", true, true));
    assertThat(p.dstDir()).isEqualTo("/dst");
    assertThat(p.rename().apply("d/x")).isEqualTo("d/x");
    // a directory to a new name: extracted in the parent, renamed
    p = CpPaths.prepareArchiveCopy(dirSrc, new CopyInfo("/dst/new", false, false));
    assertThat(p.dstDir()).isEqualTo("/dst");
    assertThat(p.rename().apply("d/x")).isEqualTo("new/x");
    // contents to a new name
    p = CpPaths.prepareArchiveCopy(contents, new CopyInfo("/dst/new", false, false));
    assertThat(p.rename().apply("./x")).isEqualTo("new/x");
    // a file over an existing file takes its name
    p = CpPaths.prepareArchiveCopy(fileSrc, new CopyInfo("/dst/g", true, false));
    assertThat(p.rename().apply("f")).isEqualTo("g");
    assertThatThrownBy(() -> CpPaths.prepareArchiveCopy(dirSrc, new CopyInfo("/dst/g", true, false)))
        .hasMessage("cannot copy directory");
    assertThatThrownBy(() -> CpPaths.prepareArchiveCopy(fileSrc, new CopyInfo("/dst/nodir/", false, false)))
        .hasMessage("no such directory");
  }

  @Test
  void following_a_link_renames_the_top_entry() {
    var r = CpPaths.rebased("/lnk", "/d");
    assertThat(r.path()).isEqualTo("/d");
    assertThat(r.rebaseName()).isEqualTo("lnk");
    assertThat(CpPaths.rebased("/lnk/", "/d").path()).isEqualTo("/d/");
    assertThat(CpPaths.rebased("/lnk/.", "/d").path()).isEqualTo("/d/.");
    assertThat(CpPaths.rebased("/x/d", "/d").rebaseName()).isEmpty();
    assertThat(CpPaths.rebaseEntry("/bin/sh", "/", "out")).isEqualTo("out/bin/sh");
    assertThat(CpPaths.rebaseEntry("d/sub/d", "d", "e")).isEqualTo("e/sub/d");
  }
}
