package io.berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Errors carry the file name and the instruction's first line; the messages are dockerd's (checked
 * against dockerd 20.10's legacy builder where it has the feature, else BuildKit's parser).
 */
class DockerfileErrorsTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      FROM scratch\\nFORM x                          | 2: unknown instruction: FORM
      FROM scratch\\nform x                          | 2: unknown instruction: FORM
      ENV a b\\nFROM scratch                         | 1: no build stage in current context
      ARG a\\nRUN x                                  | 2: no build stage in current context
      FROM                                          | 1: FROM requires either one or three arguments
      FROM scratch a                                | 1: FROM requires either one or three arguments
      FROM scratch AS 1x                            | 1: invalid name for build stage: "1x", name can't start with a number or contain symbols
      FROM scratch AS a/b                           | 1: invalid name for build stage: "a/b", name can't start with a number or contain symbols
      FROM --platform scratch                       | 1: Missing a value on flag: platform
      FROM scratch\\nENV a                           | 2: ENV must have two arguments
      FROM scratch\\nENV                             | 2: ENV requires at least one argument
      FROM scratch\\nENV =b                          | 2: ENV names can not be blank
      FROM scratch\\nENV a=b c                       | 2: Syntax error - can't find = in "c". Must be of the form: name=value
      FROM scratch\\nLABEL                           | 2: LABEL requires at least one argument
      FROM scratch\\nLABEL a                         | 2: LABEL must have two arguments
      FROM scratch\\nLABEL a=b c                     | 2: Syntax error - can't find = in "c". Must be of the form: name=value
      FROM scratch\\nARG                             | 2: ARG requires at least one argument
      FROM scratch\\nARG =x                          | 2: ARG names can not be blank
      FROM scratch\\nUSER                            | 2: USER requires exactly one argument
      FROM scratch\\nWORKDIR                         | 2: WORKDIR requires exactly one argument
      FROM scratch\\nSTOPSIGNAL                      | 2: STOPSIGNAL requires exactly one argument
      FROM scratch\\nMAINTAINER                      | 2: MAINTAINER requires exactly one argument
      FROM scratch\\nEXPOSE                          | 2: EXPOSE requires at least one argument
      FROM scratch\\nVOLUME                          | 2: VOLUME requires at least one argument
      FROM scratch\\nVOLUME [""]                     | 2: VOLUME specified can not be an empty string
      FROM scratch\\nCOPY a                          | 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined
      FROM scratch\\nCOPY                            | 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined
      FROM scratch\\nADD a                           | 2: ADD requires at least two arguments, but only one was provided. Destination could not be determined
      FROM scratch\\nSHELL sh -c                     | 2: SHELL requires the arguments to be in JSON form
      FROM scratch\\nSHELL []                        | 2: SHELL requires at least one argument
      FROM scratch\\nSHELL                           | 2: SHELL requires at least one argument
      FROM scratch\\nCMD ["a", 1]                    | 2: when using JSON array syntax, arrays must be comprised of strings only
      FROM scratch\\nONBUILD                         | 2: ONBUILD requires at least one argument
      FROM scratch\\nONBUILD ONBUILD RUN x           | 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed
      FROM scratch\\nONBUILD from x                  | 2: FROM isn't allowed as an ONBUILD trigger
      FROM scratch\\nONBUILD maintainer x            | 2: MAINTAINER isn't allowed as an ONBUILD trigger
      FROM scratch\\nHEALTHCHECK                     | 2: HEALTHCHECK requires at least one argument
      FROM scratch\\nHEALTHCHECK NONE x              | 2: HEALTHCHECK NONE takes no arguments
      FROM scratch\\nHEALTHCHECK FOO x               | 2: Unknown type "FOO" in HEALTHCHECK (try CMD)
      FROM scratch\\nHEALTHCHECK CMD                 | 2: Missing command after HEALTHCHECK CMD
      FROM scratch\\nHEALTHCHECK --interval=5x CMD a | 2: time: unknown unit "x" in duration "5x"
      FROM scratch\\nHEALTHCHECK --timeout=5 CMD a   | 2: time: missing unit in duration "5"
      FROM scratch\\nHEALTHCHECK --timeout=x CMD a   | 2: time: invalid duration "x"
      FROM scratch\\nHEALTHCHECK --timeout=.s CMD a  | 2: time: invalid duration ".s"
      FROM scratch\\nHEALTHCHECK --interval=5us CMD a | 2: Interval "interval" cannot be less than 1ms
      FROM scratch\\nHEALTHCHECK --start-period=-1s CMD a | 2: Interval "start-period" cannot be less than 1ms
      FROM scratch\\nHEALTHCHECK --retries=0 CMD a   | 2: --retries must be at least 1 (not 0)
      FROM scratch\\nHEALTHCHECK --retries=x CMD a   | 2: strconv.ParseInt: parsing "x": invalid syntax
      FROM scratch\\nHEALTHCHECK --retries=99999999999 CMD a | 2: strconv.ParseInt: parsing "99999999999": value out of range
      FROM scratch\\nHEALTHCHECK --retries CMD a     | 2: Missing a value on flag: retries
      FROM scratch\\nCOPY --foo=1 a b                | 2: Unknown flag: foo
      FROM scratch\\nCOPY --checksum=x a b           | 2: Unknown flag: checksum
      FROM scratch\\nADD --from=x a b                | 2: Unknown flag: from
      FROM scratch\\nENV --x a=b                     | 2: Unknown flag: x
      FROM scratch\\nWORKDIR --x=1 a                 | 2: Unknown flag: x
      FROM scratch\\nRUN --device=gpu x              | 2: Unknown flag: device
      FROM scratch\\nCOPY --from a b                 | 2: Missing a value on flag: from
      FROM scratch\\nCOPY --link= a b                | 2: Missing a value on flag: link
      FROM scratch\\nCOPY --link=maybe a b           | 2: Expecting boolean value for flag link, not: maybe
      FROM scratch\\nCOPY --chown=a --chown=b a b    | 2: Duplicate flag specified: chown
      FROM scratch\\nRUN --network=bridge x          | 2: invalid network mode "bridge"
      FROM scratch\\nRUN --security=root x           | 2: security "root" is not valid
      FROM scratch\\nRUN \\\\n  --bad x               | 2: Unknown flag: bad
      # escape=x\\nFROM scratch                      | 1: invalid escape token 'x' does not match ` or \\
      """)
  void errors_name_the_file_and_line(String text, String message) {
    assertThatThrownBy(() -> DockerfileParser.parse("Dockerfile", text.replace("\\n", "\n")))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("Dockerfile:" + message);
  }

  @Test
  void errors_use_the_file_name_as_given() {
    assertThatThrownBy(() -> DockerfileParser.parse("build/Dockerfile.dev", "FROM scratch\n\nFORM x\n"))
        .hasMessage("build/Dockerfile.dev:3: unknown instruction: FORM");
  }

  @Test
  void an_empty_file_is_refused_before_parsing() {
    assertThatThrownBy(() -> DockerfileParser.parse("Dockerfile", ""))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("the Dockerfile (Dockerfile) cannot be empty");
  }

  @Test
  void a_file_of_comments_has_no_instructions() {
    assertThatThrownBy(() -> DockerfileParser.parse("Dockerfile", "# hi\n\n   \n"))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("failed to parse Dockerfile: file with no instructions");
  }

  @Test
  void triggers_refuse_onbuild_from_and_maintainer_and_unknown_instructions() {
    assertThatThrownBy(() -> DockerfileParser.parseTrigger("Dockerfile", "ONBUILD RUN x", 4))
        .hasMessage("Dockerfile:4: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    assertThatThrownBy(() -> DockerfileParser.parseTrigger("Dockerfile", "from x", 4))
        .hasMessage("Dockerfile:4: FROM isn't allowed as an ONBUILD trigger");
    assertThatThrownBy(() -> DockerfileParser.parseTrigger("Dockerfile", "MAINTAINER me", 4))
        .hasMessage("Dockerfile:4: MAINTAINER isn't allowed as an ONBUILD trigger");
    assertThatThrownBy(() -> DockerfileParser.parseTrigger("Dockerfile", "FOO x", 4))
        .hasMessage("Dockerfile:4: unknown instruction: FOO");
    assertThatThrownBy(() -> DockerfileParser.parseTrigger("Dockerfile", "RUN a\nRUN b", 4))
        .hasMessage("Dockerfile:4: onbuild trigger should be a single expression");
  }
}
