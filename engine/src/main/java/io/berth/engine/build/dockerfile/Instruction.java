package io.berth.engine.build.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * One parsed Dockerfile instruction. Arguments are kept <em>raw</em> (quotes and {@code $VAR}
 * references intact) where the reference says environment replacement applies: the executor expands
 * them with {@link Substitution} against the build's ARG/ENV state at that step.
 *
 * <p>{@link #line()} is the 1-based line the instruction starts on (for errors such as
 * {@code Dockerfile:3: ...}); {@link #original()} is the instruction as written, continuations joined
 * with the escape+newline removed (comment and empty lines inside dropped) and leading/trailing
 * whitespace trimmed, inner whitespace kept, as docker prints it in {@code Step n/m : ...}. For an
 * instruction with heredocs it is the first line only.
 */
public sealed interface Instruction {
  int line();
  String original();

  /** How a command is written: {@code RUN echo hi} (shell) or {@code RUN ["echo","hi"]} (exec). */
  sealed interface Command {
    /** The shell form: run through the stage's SHELL ({@code /bin/sh -c} by default). */
    record Shell(String text) implements Command {}
    /** The exec form: the JSON array as given, not expanded. */
    record Exec(List<String> args) implements Command {}
  }

  /**
   * A heredoc body ({@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"}): {@code expand} is false when the
   * delimiter was quoted; {@code content} has leading tabs already removed for {@code <<-}.
   */
  record Heredoc(String name, String content, boolean expand) {}

  record KeyValue(String key, String rawValue) {}

  /** {@code FROM [--platform=p] image [AS name]}; {@code image} raw (ARGs before the first FROM apply). */
  record From(int line, String original, String image, Optional<String> stageName,
      Optional<String> platform) implements Instruction {}

  /**
   * {@code RUN [--mount=...]... [--network=...] [--security=...] command}. {@code mounts} are the raw
   * {@code --mount} values (e.g. {@code type=cache,target=/root/.cache}); {@code heredocs} the bodies
   * the shell-form command refers to. {@code network} is {@code default}, {@code none} or
   * {@code host} and {@code security} {@code sandbox} or {@code insecure} when given (the parser
   * checks them, as docker does). A RUN without arguments is {@code Shell("")}.
   */
  record Run(int line, String original, Command command, List<String> mounts,
      Optional<String> network, List<Heredoc> heredocs, Optional<String> security) implements Instruction {
    /** Without {@code --security}. */
    public Run(int line, String original, Command command, List<String> mounts, Optional<String> network,
        List<Heredoc> heredocs) {
      this(line, original, command, mounts, network, heredocs, Optional.empty());
    }
  }

  /** A CMD without arguments is {@code Shell("")} (docker stores the bare shell, {@code [/bin/sh -c]}). */
  record Cmd(int line, String original, Command command) implements Instruction {}

  /** An ENTRYPOINT without arguments is {@code Exec([])} (docker clears the entrypoint). */
  record Entrypoint(int line, String original, Command command) implements Instruction {}

  /**
   * {@code ENV k=v ...} or the legacy {@code ENV k v} (one pair, the value is all the rest); keys and
   * values raw: docker expands both ({@code LABEL "com.example.vendor"="ACME"} has the key
   * {@code "com.example.vendor"} with its quotes until expanded).
   */
  record Env(int line, String original, List<KeyValue> pairs) implements Instruction {}

  /** {@code ARG name[=default] ...}; defaults raw. */
  record Arg(int line, String original, List<ArgDecl> args) implements Instruction {
    public record ArgDecl(String name, Optional<String> rawDefault) {}
  }

  /** {@code LABEL k=v ...} (or legacy {@code LABEL k v}); keys and values raw, as for {@link Env}. */
  record Label(int line, String original, List<KeyValue> pairs) implements Instruction {}

  /** Legacy {@code MAINTAINER name}: sets the image's author. */
  record Maintainer(int line, String original, String name) implements Instruction {}

  /** {@code EXPOSE 80 443/tcp ...}, raw words. */
  record Expose(int line, String original, List<String> ports) implements Instruction {}

  /**
   * {@code COPY [--from=] [--chown=] [--chmod=] [--link] [--parents] [--exclude=]... src... dest}
   * (sources and dest raw; JSON form allowed). Heredoc sources ({@code COPY <<EOF /dest}) appear in
   * {@code heredocs} and by their {@code <<NAME} word in {@code sources}. {@code parents}: keep the
   * sources' parent directories under {@code dest} ({@code --parents}).
   */
  record Copy(int line, String original, List<String> sources, String dest, Optional<String> from,
      Optional<String> chown, Optional<String> chmod, boolean link, List<String> excludes,
      List<Heredoc> heredocs, boolean parents) implements Instruction {
    /** Without {@code --parents}. */
    public Copy(int line, String original, List<String> sources, String dest, Optional<String> from,
        Optional<String> chown, Optional<String> chmod, boolean link, List<String> excludes,
        List<Heredoc> heredocs) {
      this(line, original, sources, dest, from, chown, chmod, link, excludes, heredocs, false);
    }
  }

  /**
   * {@code ADD [--chown=] [--chmod=] [--link] [--checksum=] [--keep-git-dir] [--unpack] [--exclude=]...
   * src... dest}. {@code unpack} is empty unless {@code --unpack} was given (the reference's default:
   * local archives are unpacked, remote ones are not).
   */
  record Add(int line, String original, List<String> sources, String dest, Optional<String> chown,
      Optional<String> chmod, boolean link, Optional<String> checksum, boolean keepGitDir,
      List<String> excludes, List<Heredoc> heredocs, Optional<Boolean> unpack) implements Instruction {
    /** Without {@code --unpack}. */
    public Add(int line, String original, List<String> sources, String dest, Optional<String> chown,
        Optional<String> chmod, boolean link, Optional<String> checksum, boolean keepGitDir,
        List<String> excludes, List<Heredoc> heredocs) {
      this(line, original, sources, dest, chown, chmod, link, checksum, keepGitDir, excludes, heredocs,
          Optional.empty());
    }
  }

  record Workdir(int line, String original, String path) implements Instruction {}

  record User(int line, String original, String user) implements Instruction {}

  /** {@code VOLUME /a /b} or {@code VOLUME ["/a"]}, raw. */
  record Volume(int line, String original, List<String> paths) implements Instruction {}

  record StopSignal(int line, String original, String signal) implements Instruction {}

  /** {@code SHELL ["executable", "params"...]} (JSON form only, as the reference requires). */
  record Shell(int line, String original, List<String> shell) implements Instruction {}

  /**
   * {@code HEALTHCHECK NONE} ({@code test} empty) or {@code HEALTHCHECK [opts] CMD command}; the
   * durations as written ({@code 30s}, {@code 1m30s}), validated by the parser.
   */
  record Healthcheck(int line, String original, Optional<Command> test, Optional<String> interval,
      Optional<String> timeout, Optional<String> startPeriod, Optional<String> startInterval,
      Optional<Integer> retries) implements Instruction {}

  /** {@code ONBUILD <instruction>}: {@code trigger} is the text after ONBUILD, stored in the image. */
  record Onbuild(int line, String original, String trigger) implements Instruction {}
}
