package io.berth.engine.build.dockerfile;

import static io.berth.engine.build.dockerfile.DockerfileLinesTest.instructions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.build.dockerfile.Instruction.Command;
import io.berth.engine.build.dockerfile.Instruction.Heredoc;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Here-documents of RUN, COPY, ADD and ONBUILD. */
class DockerfileHeredocTest {
  static Instruction.Run run(String text) {
    return (Instruction.Run) instructions("FROM scratch\n" + text).get(1);
  }

  @Test
  void run_heredoc_body_goes_to_heredocs_and_the_command_is_the_first_line() {
    Instruction.Run run = run("RUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n");
    assertThat(run.command()).isEqualTo(new Command.Shell("<<EOF"));
    assertThat(run.original()).isEqualTo("RUN <<EOF");
    assertThat(run.heredocs()).containsExactly(new Heredoc("EOF", "apt-get update\napt-get install -y curl\n", true));
  }

  @Test
  void heredoc_with_a_command_after_it() {
    Instruction.Run run = run("RUN <<EOT bash\n  set -ex\n  apt-get update\nEOT\n");
    assertThat(run.command()).isEqualTo(new Command.Shell("<<EOT bash"));
    assertThat(run.heredocs()).containsExactly(new Heredoc("EOT", "  set -ex\n  apt-get update\n", true));
    Instruction.Run python = run("RUN python3 <<EOF\nprint('hello world')\nEOF\n");
    assertThat(python.command()).isEqualTo(new Command.Shell("python3 <<EOF"));
    assertThat(python.heredocs()).containsExactly(new Heredoc("EOF", "print('hello world')\n", true));
  }

  @Test
  void several_heredocs_on_one_line_are_read_in_order() {
    Instruction.Run run = run("RUN <<FILE1 cat > file1 && <<FILE2 cat > file2\nI am\nfirst\nFILE1\nI am\nsecond\nFILE2\n");
    assertThat(run.heredocs()).containsExactly(new Heredoc("FILE1", "I am\nfirst\n", true),
        new Heredoc("FILE2", "I am\nsecond\n", true));
  }

  @Test
  void dash_heredoc_strips_leading_tabs_from_body_and_terminator() {
    Instruction.Run run = run("RUN <<-EOF\n\techo \"hello ${FOO}\"\n\t\tnested\n  spaces stay\n\tEOF\nCMD x\n");
    assertThat(run.heredocs()).containsExactly(new Heredoc("EOF", "echo \"hello ${FOO}\"\nnested\n  spaces stay\n", true));
  }

  @Test
  void plain_heredoc_keeps_tabs_and_needs_an_exact_terminator() {
    Instruction.Run run = run("RUN <<EOF\n\tfoo\n\tEOF\nEOF \nEOF\n");
    assertThat(run.heredocs()).containsExactly(new Heredoc("EOF", "\tfoo\n\tEOF\nEOF \n", true));
  }

  @ParameterizedTest(name = "{0} -> {1} expand={2}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      RUN <<"EOF"          | EOF     | false
      RUN <<'EOF'          | EOF     | false
      RUN <<-"EOT"         | EOT     | false
      RUN <<eo'f'          | eof     | false
      RUN <<eo\\'f         | eo'f    | true
      RUN <<'e'o\\'f       | eo'f    | false
      RUN <<'one two'      | one two | false
      RUN <<$EOF           | $EOF    | true
      RUN <<  EOF          | EOF     | true
      RUN <<  EOF  > foo   | EOF     | true
      RUN 3<<EOF cat       | EOF     | true
      RUN cat <<EOF        | EOF     | true
      RUN --mount=type=cache,target=/foo <<EOF | EOF | true
      """)
  void delimiter_quoting_turns_expansion_off(String line, String name, boolean expand) {
    Instruction.Run run = run(line + "\nbody $X\n" + name + "\nCMD after\n");
    assertThat(run.heredocs()).containsExactly(new Heredoc(name, "body $X\n", expand));
  }

  @Test
  void heredoc_words_in_quotes_or_exec_form_are_not_heredocs() {
    List<Instruction> all = instructions("FROM scratch\nRUN \"<<NOHEREDOC\"\nRUN [\"cat\", \"<<EOF\"]\nUSER <<INVALID\n");
    assertThat(all).hasSize(4);
    assertThat(((Instruction.Run) all.get(1)).heredocs()).isEmpty();
    assertThat(((Instruction.Run) all.get(2)).command()).isEqualTo(new Command.Exec(List.of("cat", "<<EOF")));
    assertThat(((Instruction.User) all.get(3)).user()).isEqualTo("<<INVALID");
  }

  @Test
  void heredoc_bodies_are_not_comments_continuations_or_instructions() {
    List<Instruction> all = instructions("FROM scratch\nRUN <<EOF\n# internal comment\nRUN echo \\\n\nEOF\nCMD done\n");
    assertThat(all).hasSize(3);
    assertThat(((Instruction.Run) all.get(1)).heredocs().getFirst().content()).isEqualTo("# internal comment\nRUN echo \\\n\n");
    assertThat(all.get(2).line()).isEqualTo(7);
  }

  @Test
  void copy_heredoc_sources_are_kept_by_their_word() {
    Instruction.Copy copy = (Instruction.Copy) instructions("FROM alpine\nCOPY <<EOF greeting.txt\nhello world\nEOF\n").get(1);
    assertThat(copy.sources()).containsExactly("<<EOF");
    assertThat(copy.dest()).isEqualTo("greeting.txt");
    assertThat(copy.heredocs()).containsExactly(new Heredoc("EOF", "hello world\n", true));
    Instruction.Copy two = (Instruction.Copy) instructions("FROM alpine\nCOPY <<X <<Y /dest\nY\nX\nX\nY\n").get(1);
    assertThat(two.sources()).containsExactly("<<X", "<<Y");
    assertThat(two.heredocs()).containsExactly(new Heredoc("X", "Y\n", true), new Heredoc("Y", "X\n", true));
  }

  @Test
  void copy_dash_quoted_heredoc_is_unindented_and_not_expanded() {
    Instruction.Copy copy = (Instruction.Copy) instructions(
        "FROM alpine\nARG FOO=bar\nCOPY <<-\"EOT\" /script.sh\n\techo \"hello ${FOO}\"\nEOT\nENTRYPOINT ash /script.sh\n").get(2);
    assertThat(copy.heredocs()).containsExactly(new Heredoc("EOT", "echo \"hello ${FOO}\"\n", false));
    assertThat(copy.dest()).isEqualTo("/script.sh");
  }

  @Test
  void add_takes_heredocs_too() {
    Instruction.Add add = (Instruction.Add) instructions("FROM alpine\nADD <<EOF /a\nx\nEOF\n").get(1);
    assertThat(add.heredocs()).containsExactly(new Heredoc("EOF", "x\n", true));
  }

  @Test
  void an_unterminated_heredoc_is_an_error_at_its_instruction() {
    assertThatThrownBy(() -> instructions("FROM scratch\nRUN <<EOF\necho hi\n"))
        .hasMessage("Dockerfile:2: unterminated heredoc");
  }

  @Test
  void a_heredoc_cannot_be_the_destination() {
    assertThatThrownBy(() -> instructions("FROM scratch\nCOPY a <<EOF\nx\nEOF\n"))
        .hasMessage("Dockerfile:2: COPY cannot accept a heredoc as a destination");
  }

  @Test
  void onbuild_heredoc_travels_in_the_trigger_and_parses_back() {
    Instruction.Onbuild onbuild = (Instruction.Onbuild) instructions("FROM scratch\nONBUILD RUN <<-EOF\n\techo hi\nEOF\n").get(1);
    assertThat(onbuild.trigger()).isEqualTo("RUN <<-EOF\n\techo hi\nEOF");
    Instruction.Run run = (Instruction.Run) DockerfileParser.parseTrigger("Dockerfile", onbuild.trigger(), 1);
    assertThat(run.heredocs()).containsExactly(new Heredoc("EOF", "echo hi\n", true));
  }
}
