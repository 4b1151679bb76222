package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Cli;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build table, parser part: directives ({@code # escape}, {@code # syntax}), comments, line
 * continuations, instruction case and spacing, variable substitution ({@code ${VAR:-x}},
 * {@code ${VAR:+x}}, escaping, quoting) in every instruction that substitutes, and syntax errors. Every
 * expectation was checked against dockerd 20.10.24 (see {@link BuildTarget}).
 */
class BuildParserIT {
  @RegisterExtension static final BuildTarget target = new BuildTarget();

  static Stream<BuildCase> cases() {
    return Stream.of(
        // With escape=` a backslash is an ordinary character (Windows paths) and ` continues lines.
        BuildCase.of("escape_directive", """
            # escape=`
            FROM busybox
            RUN echo a `
                b > /x
            RUN echo 'c:\\dir\\file' >> /x
            ENV P=C:\\path
            COPY a.txt c:\\a.txt
            """)
            .file("a.txt", "a\n")
            .runs("cat /x; echo $P; cat 'c:\\a.txt'", "a b\nc:\\dir\\file\nC:\\path\na\n"),

        // The legacy builder ignores "# syntax=" silently; comment lines inside a continuation are dropped;
        // an empty continuation line only warns; instructions are case-insensitive; the step line keeps
        // the spacing after the instruction ("Step 3/4 : RUN   echo   indented   >> /x").
        BuildCase.of("continuations_comments_and_case", """
            # syntax=docker/dockerfile:1
            # a comment before FROM
            FROM busybox
            # a comment
            RUN echo one \\
            # a comment inside the continuation
                two \\

                three > /x
              RUN   echo   indented   >> /x
            run echo lowercase >> /x
            """)
            .runs("cat /x", "one two three\nindented\nlowercase\n")
            .outputContains("[WARNING]: Empty continuation line found in:")
            .outputContains("Step 2/4 : RUN echo one     two     three > /x")
            .outputContains("Step 3/4 : RUN   echo   indented   >> /x")
            .outputContains("Step 4/4 : run echo lowercase >> /x"),

        // ${VAR:-x} and ${VAR:+x} treat an empty value as unset (G, H); \$ escapes; single quotes keep
        // $ literal, double quotes substitute.
        BuildCase.of("substitution_modifiers_and_escaping", """
            FROM busybox
            ENV SET=value EMPTY=
            ENV A=${SET:-dflt} B=${UNSET:-dflt} C=${SET:+alt} D=${UNSET:+alt} E=\\$SET F=$SET G=${EMPTY:-dflt} H=${EMPTY:+alt} I=${SET}x J=\\${SET}
            ENV Q='single $SET' R="double $SET" S=a\\ b
            """)
            .runs("for v in A B C D E F G H I J Q R S; do eval echo \"$v=\\${$v}\"; done",
                "A=value\nB=dflt\nC=alt\nD=\nE=$SET\nF=value\nG=dflt\nH=\nI=valuex\nJ=${SET}\n"
                    + "Q=single $SET\nR=double value\nS=a b\n"),

        // Substitution in WORKDIR, COPY, LABEL, EXPOSE, VOLUME, STOPSIGNAL, USER.
        BuildCase.of("substitution_in_instructions", """
            FROM busybox
            ENV DIR=/opt/app NAME=file PORT=8080 WHO=app SIG=SIGTERM LBL=v1
            WORKDIR $DIR
            COPY a.txt ${NAME}.txt
            COPY a.txt ${DIR}/copy-$NAME
            LABEL version=$LBL "k-${NAME}"="x"
            EXPOSE $PORT
            VOLUME $DIR/vol
            STOPSIGNAL $SIG
            USER ${WHO}
            """)
            .file("a.txt", "a\n")
            .runs("ls /opt/app; id -un", "copy-file\nfile.txt\nvol\napp\n")
            .inspect("{{json .Config.Labels}} {{json .Config.ExposedPorts}} {{json .Config.Volumes}} {{.Config.StopSignal}}"
                + " {{.Config.User}} {{.Config.WorkingDir}}",
                "{\"k-file\":\"x\",\"version\":\"v1\"} {\"8080/tcp\":{}} {\"/opt/app/vol\":{}} SIGTERM app /opt/app"),

        // Build args substitute like ENV, ENV wins over ARG of the same name.
        BuildCase.of("substitution_from_args", """
            FROM busybox
            ARG V=from-arg
            ARG W=arg-w
            ENV W=env-w
            WORKDIR /d-$V
            RUN echo "$V $W" > /vw
            """)
            .flags("--build-arg", "W=given")
            .runs("pwd; cat /vw", "/d-from-arg\nfrom-arg env-w\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void builds_and_runs(BuildCase c) {
    c.verify(target);
  }

  /**
   * dockerd 20.10: {@code Error response from daemon: dockerfile parse error line 2: unknown instruction:
   * FORM}. The issue asks for BuildKit's form naming the file and line: {@code Dockerfile:2: unknown
   * instruction: FORM}. Nothing is built either way.
   */
  @Test
  void unknown_instruction_names_file_and_line() {
    var ctx = BuildCase.of("syntax_error", "FROM busybox\n# fine\nFORM busybox\n").writeContext(target);
    Cli.Result r = target.dockerBuild(ctx, List.of("-t", "bt-syntax-error"));
    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    if (target.reference()) {
      assertThat(r.stderr()).as(r.toString()).contains("dockerfile parse error line 3: unknown instruction: FORM");
    } else {
      assertThat(r.stderr()).as(r.toString()).contains("Dockerfile:3").contains("unknown instruction: FORM");
    }
    assertThat(r.stdout()).doesNotContain("Step 1/");
    assertThat(target.docker("image", "inspect", "bt-syntax-error").exitCode()).isNotZero();
  }

  /** Errors dockerd reports before or while building, with its texts. */
  @Test
  void other_syntax_and_semantic_errors() {
    expectError("FROM busybox\nENV\n", "ENV requires at least one argument");
    expectError("RUN true\nFROM busybox\n", "no build stage in current context");
    expectError("FROM busybox\nEXPOSE 80/xyz\n", "Invalid proto: xyz");
    expectError("FROM busybox AS a\nFROM busybox AS a\n", "a stage name already used");
  }

  private void expectError(String dockerfile, String message) {
    var ctx = BuildCase.of("error", dockerfile).writeContext(target);
    Cli.Result r = target.dockerBuild(ctx, List.of("-t", "bt-error"));
    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.all()).as(r.toString()).contains(message);
    assertThat(target.docker("image", "inspect", "bt-error").exitCode()).isNotZero();
  }
}
