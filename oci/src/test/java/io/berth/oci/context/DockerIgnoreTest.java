package io.berth.oci.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Docker's {@code .dockerignore} rules: the spec's examples (build-context-and-dockerignore.md) and
 * moby patternmatcher's single-pattern cases.
 */
class DockerIgnoreTest {

  /** pattern, path, excluded (one pattern each; the parent-directory rule applies). */
  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      */temp*          | somedir/temporary.txt     | true
      */temp*          | somedir/temp              | true
      */temp*          | somedir/temp/inside       | true
      */temp*          | temporary.txt             | false
      */temp*          | a/b/temp                  | false
      */*/temp*        | somedir/subdir/temporary.txt | true
      */*/temp*        | somedir/temporary.txt     | false
      temp?            | tempa                     | true
      temp?            | tempb                     | true
      temp?            | temp                      | false
      temp?            | tempab                    | false
      temp?            | dir/tempa                 | false
      /foo/bar/        | foo/bar                   | true
      /foo/bar         | foo/bar/x                 | true
      foo/bar/         | foo/bar                   | true
      foo/bar          | foo/bar                   | true
      foo/bar          | foo/barn                  | false
      foo/bar          | x/foo/bar                 | false
      **/*.go          | a.go                      | true
      **/*.go          | x/y/a.go                  | true
      **/*.go          | x/y/a.gox                 | false
      **               | file                      | true
      **               | dir/file                  | true
      **/              | file                      | true
      **/**            | dir/file                  | true
      dir/**           | dir/file                  | true
      dir/**           | dir                       | false
      **/dir2/*        | dir/dir2/file             | true
      **/dir2/**       | dir/dir2/dir3/file        | true
      **file           | file                      | true
      **file           | dir/file                  | true
      **file           | dir/myfile                | true
      **/file          | dir/dir/file              | true
      **/file          | dir/myfile                | false
      **/file*         | dir/dir/file.txt          | true
      **/**/*.txt      | dir/dir/file.txt          | true
      a**              | abc                       | true
      abc/**           | abc/def/ghi               | true
      a/**/b           | a/b                       | true
      a/**/b           | a/x/y/b                   | true
      a/**/b           | a/xb                      | false
      a[b-d]e          | ace                       | true
      a[^b-d]e         | aze                       | true
      a[^b-d]e         | ace                       | false
      a\\*b            | a*b                       | true
      a\\*b            | azb                       | false
      [\\]a]           | ]                         | true
      abc.def          | abcdef                    | false
      abc.def          | abc.def                   | true
      abc+             | abcc                      | false
      abc+             | abc+                      | true
      a{b,c}           | ab                        | false
      a(b)c/def        | a(b)c/def                 | true
      **/foo/bar       | foo/bar                   | true
      **/foo/bar       | dir/dir2/foo/bar          | true
      **/.foo          | .foo                      | true
      **/.foo          | bar.foo                   | false
      *                | anything/at/all           | true
      .                | a                         | false
      ./a/../b         | b                         | true
      """)
  void single_pattern(String pattern, String path, boolean excluded) {
    assertThat(DockerIgnore.parse(pattern + "\n").excluded(path)).isEqualTo(excluded);
  }

  @Test
  void regex_metacharacters_are_literal() {
    assertThat(DockerIgnore.parse("a.|)$(}+{bc").excluded("a.|)$(}+{bc")).isTrue();
    assertThat(DockerIgnore.parse("a.|)$(}+{bc").excluded("ax|)$(}+{bc")).isFalse();
  }

  @Test
  void comments_blank_lines_whitespace_and_bom_are_dropped() {
    DockerIgnore d = DockerIgnore.parse("\uFEFF# comment\n\n   \n  node_modules  \r\n #not a comment\n\t/bar/ \n");
    assertThat(d.patterns()).containsExactly("node_modules", "#not a comment", "bar");
    assertThat(d.excluded("node_modules/x/y.js")).isTrue();
    assertThat(d.excluded("# comment")).isFalse();
  }

  @Test
  void exception_re_includes_the_readme_only_at_the_root() {
    DockerIgnore d = DockerIgnore.parse("*.md\n!README.md\n");
    assertThat(d.excluded("a.md")).isTrue();
    assertThat(d.excluded("README.md")).isFalse();
    assertThat(d.excluded("sub/a.md")).isFalse();
  }

  @Test
  void the_last_matching_line_wins() {
    DockerIgnore first = DockerIgnore.parse("*.md\n!README*.md\nREADME-secret.md\n");
    assertThat(first.excluded("README-secret.md")).isTrue();
    assertThat(first.excluded("README-public.md")).isFalse();
    assertThat(first.excluded("other.md")).isTrue();
    DockerIgnore second = DockerIgnore.parse("*.md\nREADME-secret.md\n!README*.md\n");
    assertThat(second.excluded("README-secret.md")).isFalse();
    assertThat(second.excluded("other.md")).isTrue();
  }

  @Test
  void an_excluded_directory_excludes_its_contents_unless_an_exception_names_them() {
    DockerIgnore d = DockerIgnore.parse("build\n!build/keep.txt\n");
    assertThat(d.excluded("build")).isTrue();
    assertThat(d.excluded("build/out.o")).isTrue();
    assertThat(d.excluded("build/keep.txt")).isFalse();
    assertThat(d.mayReinclude("build")).isTrue();
    assertThat(d.mayReinclude("other")).isFalse();
  }

  @Test
  void a_directory_is_pruned_when_no_exception_starts_with_its_path() {
    assertThat(DockerIgnore.parse("build\n").mayReinclude("build")).isFalse();
    // Docker's prefix test looks at the pattern's text: a "**" exception does not keep the walk going.
    assertThat(DockerIgnore.parse("build\n!**/keep.txt\n").mayReinclude("build")).isFalse();
    assertThat(DockerIgnore.parse("a\n!a/b/c\n").mayReinclude("a/b")).isTrue();
  }

  @Test
  void the_root_is_never_excluded() {
    assertThat(DockerIgnore.parse("*\n**\n").excluded(".")).isFalse();
    assertThat(DockerIgnore.parse("*\n").excluded("")).isFalse();
  }

  @Test
  void bad_patterns_are_refused_with_dockers_messages() {
    assertThatThrownBy(() -> DockerIgnore.parse("!\n")).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("illegal exclusion pattern: \"!\"");
    for (String bad : List.of("[a", "a\\", "[]", "[a-]", "[^]")) {
      assertThatThrownBy(() -> DockerIgnore.of(List.of(bad))).as(bad).hasMessage("syntax error in pattern");
    }
  }

  @Test
  void with_appends_an_exception() {
    DockerIgnore d = DockerIgnore.parse("*\n").with("!Dockerfile");
    assertThat(d.excluded("Dockerfile")).isFalse();
    assertThat(d.excluded("other")).isTrue();
    assertThat(d.patterns()).containsExactly("*", "!Dockerfile");
  }

  @Test
  void legacy_match_checks_only_the_parent_with_as_many_components_as_the_pattern() {
    DockerIgnore d = DockerIgnore.parse("docker\n");
    assertThat(d.matchesLegacy("docker/Dockerfile")).isTrue();
    DockerIgnore deep = DockerIgnore.parse("**/c\n");
    assertThat(deep.excluded("a/b/c/Dockerfile")).isTrue();
    assertThat(deep.matchesLegacy("a/b/c/Dockerfile")).isFalse();
  }

  @Test
  void clean_is_gos_filepath_clean() {
    assertThat(DockerIgnore.clean("")).isEqualTo(".");
    assertThat(DockerIgnore.clean("a//b/./c/..")).isEqualTo("a/b");
    assertThat(DockerIgnore.clean("/../a")).isEqualTo("/a");
    assertThat(DockerIgnore.clean("../a/../..")).isEqualTo("../..");
    assertThat(DockerIgnore.clean("a/")).isEqualTo("a");
  }
}
