package io.berth.engine.build.dockerfile;

import static io.berth.engine.build.dockerfile.DockerfileLinesTest.instructions;
import static io.berth.engine.build.dockerfile.DockerfileLinesTest.last;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.build.dockerfile.Instruction.Arg.ArgDecl;
import io.berth.engine.build.dockerfile.Instruction.Command;
import io.berth.engine.build.dockerfile.Instruction.KeyValue;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The argument forms and flags of each instruction. */
class DockerfileFormsTest {
  @SuppressWarnings("unchecked")
  static <T extends Instruction> T in(String instruction) {
    return (T) last("FROM scratch\n" + instruction + "\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      RUN ["echo", "hi"]                    | exec  | echo,hi
      RUN [ "sh" , "-c", "echo $HOME" ]     | exec  | sh,-c,echo $HOME
      RUN ["c:\\\\windows\\\\tasklist.exe"] | exec  | c:\\windows\\tasklist.exe
      RUN ["c:\\windows\\tasklist.exe"]     | shell | ["c:\\windows\\tasklist.exe"]
      RUN ['echo', 'hi']                    | shell | ['echo', 'hi']
      RUN ["echo", "hi"                     | shell | ["echo", "hi"
      RUN ["echo"] x                        | shell | ["echo"] x
      RUN echo hi                           | shell | echo hi
      CMD ["a", "b"]                        | exec  | a,b
      CMD a b                               | shell | a b
      ENTRYPOINT ["top", "-b"]              | exec  | top,-b
      ENTRYPOINT exec top -b                | shell | exec top -b
      """)
  void commands_are_exec_form_when_the_arguments_are_a_json_string_array(String line, String form, String expected) {
    Instruction i = in(line);
    Command command = switch (i) {
      case Instruction.Run r -> r.command();
      case Instruction.Cmd c -> c.command();
      case Instruction.Entrypoint e -> e.command();
      default -> throw new AssertionError(i);
    };
    assertThat(command).isEqualTo(form.equals("exec")
        ? new Command.Exec(List.of(expected.split(","))) : new Command.Shell(expected));
  }

  @Test
  void commands_without_arguments_keep_docker_meaning() {
    assertThat(((Instruction.Run) in("RUN")).command()).isEqualTo(new Command.Shell(""));
    assertThat(((Instruction.Cmd) in("CMD")).command()).isEqualTo(new Command.Shell(""));
    assertThat(((Instruction.Entrypoint) in("ENTRYPOINT")).command()).isEqualTo(new Command.Exec(List.of()));
    assertThat(((Instruction.Cmd) in("CMD []")).command()).isEqualTo(new Command.Exec(List.of()));
  }

  @Test
  void shell_takes_a_json_array() {
    Instruction.Shell shell = in("SHELL [\"powershell\", \"-command\"]");
    assertThat(shell.shell()).containsExactly("powershell", "-command");
  }

  @Test
  void env_pairs_keep_their_raw_values() {
    Instruction.Env env = in("ENV MY_NAME=\"John Doe\" MY_DOG=Rex\\ The\\ Dog \\\n    MY_CAT=fluffy EMPTY= Q=''");
    assertThat(env.pairs()).containsExactly(new KeyValue("MY_NAME", "\"John Doe\""),
        new KeyValue("MY_DOG", "Rex\\ The\\ Dog"), new KeyValue("MY_CAT", "fluffy"), new KeyValue("EMPTY", ""),
        new KeyValue("Q", "''"));
  }

  @Test
  void legacy_env_is_one_pair_with_the_rest_as_value() {
    Instruction.Env env = in("ENV ONE TWO= THREE=world");
    assertThat(env.pairs()).containsExactly(new KeyValue("ONE", "TWO= THREE=world"));
    Instruction.Env spaced = in("ENV  k  v w  x");
    assertThat(spaced.pairs()).containsExactly(new KeyValue("k", "v w  x"));
  }

  @Test
  void label_pairs_keep_quoted_keys_raw() {
    Instruction.Label label = in("LABEL \"com.example.vendor\"=\"ACME Incorporated\" version=\"1.0\" \\\n"
        + "      description=\"This text illustrates \\\nthat label-values can span multiple lines.\"");
    assertThat(label.pairs()).containsExactly(new KeyValue("\"com.example.vendor\"", "\"ACME Incorporated\""),
        new KeyValue("version", "\"1.0\""),
        new KeyValue("description", "\"This text illustrates that label-values can span multiple lines.\""));
  }

  @Test
  void arg_declares_names_with_optional_defaults() {
    Instruction.Arg arg = in("ARG a b=c \"d\"=e empty= CODE_VERSION=latest");
    assertThat(arg.args()).containsExactly(new ArgDecl("a", Optional.empty()), new ArgDecl("b", Optional.of("c")),
        new ArgDecl("\"d\"", Optional.of("e")), new ArgDecl("empty", Optional.of("")),
        new ArgDecl("CODE_VERSION", Optional.of("latest")));
  }

  @Test
  void arg_may_come_before_the_first_from() {
    List<Instruction> all = instructions("ARG  CODE_VERSION=latest\nFROM base:${CODE_VERSION}\nCMD  /code/run-app\n");
    assertThat(all.get(0)).isInstanceOf(Instruction.Arg.class);
    assertThat(((Instruction.From) all.get(1)).image()).isEqualTo("base:${CODE_VERSION}");
  }

  @Test
  void from_names_stages_case_insensitively_and_takes_a_platform() {
    Instruction.From from = (Instruction.From) instructions("FROM --platform=$BUILDPLATFORM golang:1.22 As Build\n").getFirst();
    assertThat(from.image()).isEqualTo("golang:1.22");
    assertThat(from.stageName()).contains("build");
    assertThat(from.platform()).contains("$BUILDPLATFORM");
    Instruction.From plain = (Instruction.From) instructions("FROM busybox@sha256:abc\n").getFirst();
    assertThat(plain.stageName()).isEmpty();
    assertThat(plain.platform()).isEmpty();
  }

  @Test
  void single_argument_instructions_take_the_whole_rest() {
    assertThat(((Instruction.User) in("USER a b")).user()).isEqualTo("a b");
    assertThat(((Instruction.Workdir) in("WORKDIR ${FOO}/x")).path()).isEqualTo("${FOO}/x");
    assertThat(((Instruction.StopSignal) in("STOPSIGNAL SIGKILL")).signal()).isEqualTo("SIGKILL");
    assertThat(((Instruction.Maintainer) in("MAINTAINER SvenDowideit@home.org.au")).name()).isEqualTo("SvenDowideit@home.org.au");
    // docker looks at neither ARG's nor STOPSIGNAL's flags
    assertThat(((Instruction.StopSignal) in("STOPSIGNAL --x 9")).signal()).isEqualTo("9");
    assertThat(((Instruction.Arg) in("ARG --x a")).args()).containsExactly(new ArgDecl("a", Optional.empty()));
  }

  @Test
  void expose_and_volume_split_on_blanks_and_volume_takes_json() {
    assertThat(((Instruction.Expose) in("EXPOSE 80/tcp  443 \"81 82\"")).ports()).containsExactly("80/tcp", "443", "\"81", "82\"");
    assertThat(((Instruction.Volume) in("VOLUME /var/log /var/db")).paths()).containsExactly("/var/log", "/var/db");
    assertThat(((Instruction.Volume) in("VOLUME [\"/var/www\", \" /var/log \"]")).paths()).containsExactly("/var/www", "/var/log");
  }

  @Test
  void copy_takes_sources_dest_and_its_flags() {
    Instruction.Copy copy = in("COPY --from=build --chown=55:mygroup --chmod=644 --link --parents "
        + "--exclude=*.txt --exclude=*.md hom* \"a b\" /mydir/");
    assertThat(copy.sources()).containsExactly("hom*", "\"a", "b\"");
    assertThat(copy.dest()).isEqualTo("/mydir/");
    assertThat(copy.from()).contains("build");
    assertThat(copy.chown()).contains("55:mygroup");
    assertThat(copy.chmod()).contains("644");
    assertThat(copy.link()).isTrue();
    assertThat(copy.parents()).isTrue();
    assertThat(copy.excludes()).containsExactly("*.txt", "*.md");
    assertThat(copy.heredocs()).isEmpty();
  }

  @Test
  void copy_json_form_allows_blanks_in_paths_and_defaults_its_flags() {
    Instruction.Copy copy = in("COPY --link=false [\"my file\", \"$FOO\", \"/dest dir/\"]");
    assertThat(copy.sources()).containsExactly("my file", "$FOO");
    assertThat(copy.dest()).isEqualTo("/dest dir/");
    assertThat(copy.link()).isFalse();
    assertThat(copy.from()).isEmpty();
    assertThat(copy.chown()).isEmpty();
    assertThat(copy.parents()).isFalse();
  }

  @Test
  void flag_values_lose_their_quotes_and_double_dash_ends_flags() {
    Instruction.Copy copy = in("COPY --chown=\"a b\" -- --x b");
    assertThat(copy.chown()).contains("a b");
    assertThat(copy.sources()).containsExactly("--x");
  }

  @Test
  void add_takes_its_flags() {
    Instruction.Add add = in("ADD --chown=1 --chmod=+x --link --checksum=sha256:24454f83 --keep-git-dir=true "
        + "--unpack=false --exclude=*.md https://example.com/a.tar.gz /download");
    assertThat(add.sources()).containsExactly("https://example.com/a.tar.gz");
    assertThat(add.dest()).isEqualTo("/download");
    assertThat(add.chown()).contains("1");
    assertThat(add.chmod()).contains("+x");
    assertThat(add.link()).isTrue();
    assertThat(add.checksum()).contains("sha256:24454f83");
    assertThat(add.keepGitDir()).isTrue();
    assertThat(add.unpack()).contains(false);
    assertThat(add.excludes()).containsExactly("*.md");
    Instruction.Add plain = in("ADD a b");
    assertThat(plain.unpack()).isEmpty();
    assertThat(plain.keepGitDir()).isFalse();
  }

  @Test
  void run_takes_several_mounts_a_network_and_a_security_mode() {
    Instruction.Run run = in("RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n"
        + "  --mount=\"type=secret,id=aws\" --network=none --security=insecure \\\n  apt-get update");
    assertThat(run.mounts()).containsExactly("type=cache,target=/var/cache/apt,sharing=locked", "type=secret,id=aws");
    assertThat(run.network()).contains("none");
    assertThat(run.security()).contains("insecure");
    assertThat(run.command()).isEqualTo(new Command.Shell("apt-get update"));
    Instruction.Run plain = in("RUN true");
    assertThat(plain.mounts()).isEmpty();
    assertThat(plain.network()).isEmpty();
    assertThat(plain.security()).isEmpty();
  }

  @Test
  void healthcheck_takes_durations_as_written_and_a_command() {
    Instruction.Healthcheck hc = in("HEALTHCHECK --interval=5m --timeout=3s --start-period=1m30s "
        + "--start-interval=500ms --retries=4 \\\n  CMD curl -f http://localhost/ || exit 1");
    assertThat(hc.test()).contains(new Command.Shell("curl -f http://localhost/ || exit 1"));
    assertThat(hc.interval()).contains("5m");
    assertThat(hc.timeout()).contains("3s");
    assertThat(hc.startPeriod()).contains("1m30s");
    assertThat(hc.startInterval()).contains("500ms");
    assertThat(hc.retries()).contains(4);
    Instruction.Healthcheck exec = in("healthcheck cmd [\"/bin/check\", \"-q\"]");
    assertThat(exec.test()).contains(new Command.Exec(List.of("/bin/check", "-q")));
    assertThat(exec.interval()).isEmpty();
    assertThat(exec.retries()).isEmpty();
  }

  @Test
  void healthcheck_zero_or_empty_durations_mean_the_default() {
    Instruction.Healthcheck hc = in("HEALTHCHECK --interval=0 --timeout= --start-period=0s CMD true");
    assertThat(hc.interval()).isEmpty();
    assertThat(hc.timeout()).isEmpty();
    assertThat(hc.startPeriod()).isEmpty();
  }

  @Test
  void healthcheck_none_disables_and_ignores_flags_as_docker_does() {
    Instruction.Healthcheck none = in("HEALTHCHECK none");
    assertThat(none.test()).isEmpty();
    assertThat(((Instruction.Healthcheck) in("HEALTHCHECK --foo NONE")).test()).isEmpty();
  }

  @Test
  void onbuild_keeps_the_trigger_text_as_docker_stores_it() {
    Instruction.Onbuild onbuild = in("ONBUILD   RUN  echo hi  ");
    assertThat(onbuild.trigger()).isEqualTo("RUN  echo hi  ");
    assertThat(onbuild.original()).isEqualTo("ONBUILD   RUN  echo hi");
    assertThat(((Instruction.Onbuild) in("onbuild ADD . /app/src")).trigger()).isEqualTo("ADD . /app/src");
  }

  @Test
  void a_trigger_parses_as_the_instruction_at_the_downstream_line() {
    Instruction i = DockerfileParser.parseTrigger("Dockerfile", "COPY --from=build /usr/bin/app /app", 7);
    assertThat(i).isInstanceOf(Instruction.Copy.class);
    assertThat(i.line()).isEqualTo(7);
    assertThat(((Instruction.Copy) i).from()).contains("build");
    assertThat(i.original()).isEqualTo("COPY --from=build /usr/bin/app /app");
  }
}
