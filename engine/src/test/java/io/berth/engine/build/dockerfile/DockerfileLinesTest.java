package io.berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.build.dockerfile.Instruction.Command;
import io.berth.oci.errors.BerthException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Directives, comments, blank lines, continuations and what {@code original()} shows. */
class DockerfileLinesTest {
  static Dockerfile parse(String text) { return DockerfileParser.parse("Dockerfile", text); }

  static List<Instruction> instructions(String text) { return parse(text).instructions(); }

  static Instruction last(String text) { return instructions(text).getLast(); }

  @Test
  void syntax_directive_is_kept_and_escape_defaults_to_backslash() {
    Dockerfile df = parse("# syntax=docker/dockerfile:1\n\nFROM scratch\n");
    assertThat(df.syntax()).contains("docker/dockerfile:1");
    assertThat(df.escape()).isEqualTo('\\');
    assertThat(df.instructions()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"# escape=`", "#escape=`", "# escape =`", "#\tescape= `", "# ESCAPE = ` ", "#\t  eScApE=`",
      "   # escape=`"})
  void escape_directive_keys_are_case_insensitive_and_blanks_are_allowed(String directive) {
    Dockerfile df = parse(directive + "\nFROM scratch\nCOPY testfile.txt c:\\\nRUN dir c:\\\n");
    assertThat(df.escape()).isEqualTo('`');
    assertThat(df.instructions()).extracting(Instruction::original)
        .containsExactly("FROM scratch", "COPY testfile.txt c:\\", "RUN dir c:\\");
  }

  @Test
  void backtick_continues_lines_when_it_is_the_escape() {
    Instruction run = last("# escape=`\nFROM scratch\nRUN New-Item `\n  -ItemType Directory C:\\Example\n");
    assertThat(run.original()).isEqualTo("RUN New-Item   -ItemType Directory C:\\Example");
  }

  @Test
  void directives_after_a_comment_a_blank_line_or_an_unknown_directive_are_comments() {
    for (String head : List.of("# About my dockerfile\n", "\n", "# unknowndirective=value\n", "FROM scratch\n")) {
      Dockerfile df = parse(head + "# escape=`\n# syntax=value\nFROM scratch\nRUN a `\n");
      assertThat(df.escape()).as(head).isEqualTo('\\');
      assertThat(df.syntax()).as(head).isEmpty();
      assertThat(((Instruction.Run) df.instructions().getLast()).command()).isEqualTo(new Command.Shell("a `"));
    }
  }

  @Test
  void check_directive_is_known_and_ignored() {
    Dockerfile df = parse("# check=skip=JSONArgsRecommended;error=true\n# escape=`\nFROM scratch\n");
    assertThat(df.escape()).isEqualTo('`');
  }

  @Test
  void a_directive_may_be_used_only_once() {
    assertThatThrownBy(() -> parse("# syntax=a\n# escape=`\n# Escape=\\\nFROM scratch\n"))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("Dockerfile:3: only one escape parser directive can be used");
  }

  @Test
  void escape_must_be_backslash_or_backtick() {
    assertThatThrownBy(() -> parse("# escape=x\nFROM scratch\n"))
        .hasMessage("Dockerfile:1: invalid escape token 'x' does not match ` or \\");
  }

  @Test
  void a_directive_cannot_be_continued() {
    assertThatThrownBy(() -> parse("# direc \\\ntive=value\nFROM scratch\n"))
        .hasMessage("Dockerfile:2: unknown instruction: TIVE=VALUE");
  }

  @Test
  void comments_are_whole_lines_and_a_hash_inside_a_line_is_an_argument() {
    List<Instruction> all = instructions("# Comment\nFROM scratch\n  # indented comment\nRUN echo 'we are running some # of cool things'\n");
    assertThat(all).hasSize(2);
    assertThat(((Instruction.Run) all.get(1)).command())
        .isEqualTo(new Command.Shell("echo 'we are running some # of cool things'"));
  }

  @Test
  void comment_and_empty_lines_inside_a_continuation_are_dropped() {
    Instruction.Run run = (Instruction.Run) last("FROM scratch\nRUN echo hello \\\n# comment\n\n   \n  # another \\\nworld\n");
    assertThat(run.command()).isEqualTo(new Command.Shell("echo hello world"));
    assertThat(run.original()).isEqualTo("RUN echo hello world");
  }

  @Test
  void whitespace_inside_continued_arguments_is_kept() {
    Instruction.Run run = (Instruction.Run) last("FROM scratch\nRUN echo \"\\\n     hello\\\n     world\"\n");
    assertThat(run.command()).isEqualTo(new Command.Shell("echo \"     hello     world\""));
  }

  @Test
  void leading_whitespace_before_instructions_is_ignored() {
    assertThat(instructions("FROM scratch\n        RUN echo hello\n\tRUN echo world\n"))
        .extracting(Instruction::original).containsExactly("FROM scratch", "RUN echo hello", "RUN echo world");
  }

  @Test
  void original_is_trimmed_with_continuations_joined_and_inner_whitespace_kept() {
    // what `docker build` (legacy builder) prints as "Step 2/2 : RUN   echo hi     there    end"
    Instruction run = last("FROM scratch\nRUN   echo hi  \\\n   there  \\\n\n# c\n  end   \n");
    assertThat(run.original()).isEqualTo("RUN   echo hi     there    end");
    assertThat(last("FROM scratch\nlabel a=1 \\   \n   # comment \\\n\n    b=2\n").original()).isEqualTo("label a=1     b=2");
  }

  @Test
  void blanks_after_the_escape_still_continue_the_line() {
    Instruction.Run run = (Instruction.Run) last("FROM scratch\nRUN a \\ \t \n  b\n");
    assertThat(run.command()).isEqualTo(new Command.Shell("a   b"));
  }

  @Test
  void an_escaped_escape_at_the_end_does_not_continue() {
    List<Instruction> all = instructions("FROM scratch\nLABEL a=c:\\\\\nLABEL b=c\n");
    assertThat(all).extracting(Instruction::original).containsExactly("FROM scratch", "LABEL a=c:\\\\", "LABEL b=c");
  }

  @Test
  void a_continuation_at_the_end_of_the_file_ends_the_instruction() {
    assertThat(((Instruction.Run) last("FROM scratch\nRUN a \\")).command()).isEqualTo(new Command.Shell("a"));
  }

  @Test
  void line_numbers_are_where_instructions_start() {
    List<Instruction> all = instructions("# syntax=x\n\nFROM scratch\nRUN a \\\n  b\n\n# c\nCMD c\n");
    assertThat(all).extracting(Instruction::line).containsExactly(3, 4, 8);
  }

  @Test
  void crlf_line_endings_and_a_byte_order_mark_are_accepted() {
    List<Instruction> all = instructions("\uFEFFFROM scratch\r\nLABEL a=b \\\r\n c=d\r\n");
    assertThat(all).extracting(Instruction::original).containsExactly("FROM scratch", "LABEL a=b  c=d");
  }

  @Test
  void keywords_are_case_insensitive_and_original_keeps_them_as_written() {
    List<Instruction> all = instructions("from scratch AS base\nRuN echo hi\nonbuild   run  echo hi  \n");
    assertThat(all.get(0)).isInstanceOf(Instruction.From.class);
    assertThat(all.get(1)).isInstanceOf(Instruction.Run.class);
    assertThat(all).extracting(Instruction::original)
        .containsExactly("from scratch AS base", "RuN echo hi", "onbuild   run  echo hi");
  }
}
