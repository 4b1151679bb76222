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
 * with the escape+newline removed and whitespace collapsed as docker prints it in {@code Step n/m : ...}.
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
   * the shell-form command refers to.
   */
  record Run(int line, String original, Command command, List<String> mounts,
      Optional<String> network, List<Heredoc> heredocs) implements Instruction {}

  record Cmd(int line, String original, Command command) implements Instruction {}

  record Entrypoint(int line, String original, Command command) implements Instruction {}

  /** {@code ENV k=v ...} or the legacy {@code ENV k v}; values raw. */
  record Env(int line, String original, List<KeyValue> pairs) implements Instruction {}

  /** {@code ARG name[=default] ...}; defaults raw. */
  record Arg(int line, String original, List<ArgDecl> args) implements Instruction {
    public record ArgDecl(String name, Optional<String> rawDefault) {}
  }

  record Label(int line, String original, List<KeyValue> pairs) implements Instruction {}

  /** Legacy {@code MAINTAINER name}: sets the image's author. */
  record Maintainer(int line, String original, String name) implements Instruction {}

  /** {@code EXPOSE 80 443/tcp ...}, raw words. */
  record Expose(int line, String original, List<String> ports) implements Instruction {}

  /**
   * {@code COPY [--from=] [--chown=] [--chmod=] [--link] [--parents] [--exclude=]... src... dest}
   * (sources and dest raw; JSON form allowed). Heredoc sources ({@code COPY <<EOF /dest}) appear in
   * {@code heredocs} and by their {@code <<NAME} word in {@code sources}.
   */
  record Copy(int line, String original, List<String> sources, String dest, Optional<String> from,
      Optional<String> chown, Optional<String> chmod, boolean link, List<String> excludes,
      List<Heredoc> heredocs) implements Instruction {}

  /** {@code ADD [--chown=] [--chmod=] [--link] [--checksum=] [--keep-git-dir] src... dest}. */
  record Add(int line, String original, List<String> sources, String dest, Optional<String> chown,
      Optional<String> chmod, boolean link, Optional<String> checksum, boolean keepGitDir,
      List<String> excludes, List<Heredoc> heredocs) implements Instruction {}

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
