package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.client.AttachSession;
import io.berth.client.EngineClient;
import io.berth.client.ExecOptions;
import io.berth.client.model.ExecInspect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth exec}: the docker CLI's flow — inspect the container (so "No such container" comes
 * first), create the exec, start it hijacked (or detached with {@code -d}), copy stdio (raw terminal
 * and SIGWINCH resizes with {@code -t}), then exit with the exec's exit code from
 * {@code GET /exec/{id}/json}.
 */
@Command(name = "exec", customSynopsis = "berth exec [OPTIONS] CONTAINER COMMAND [ARG...]",
    description = "Execute a command in a running container")
public final class ExecCommand extends BerthCommand {
  @Option(names = {"-d", "--detach"}, description = "Detached mode: run command in the background") boolean detach;
  @Option(names = "--detach-keys", description = "Override the key sequence for detaching a container") String detachKeys;
  @Option(names = {"-e", "--env"}, description = "Set environment variables") List<String> env = new ArrayList<>();
  @Option(names = "--env-file", description = "Read in a file of environment variables") List<Path> envFiles = new ArrayList<>();
  @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached") boolean interactive;
  @Option(names = "--privileged", description = "Give extended privileges to the command") boolean privileged;
  @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY") boolean tty;
  @Option(names = {"-u", "--user"}, description = "Username or UID (format: \"<name|uid>[:<group|gid>]\")") String user;
  @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container") String workdir;

  @Parameters(index = "0", arity = "0..1", paramLabel = "CONTAINER") String container;

  @Parameters(index = "1..*", paramLabel = "COMMAND") List<String> command = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    if (container == null || command.isEmpty()) {
      throw new CommandFailure(ExitCodes.FAILURE, "berth: 'berth exec' requires at least 2 arguments\n\n"
          + "Usage:  berth exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nSee 'berth exec --help' for more information");
    }
    ExecOptions options = options(cli.env());
    EngineClient client = cli.client();
    client.inspectContainer(container); // docker: "not exist" errors take precedence over the TTY check
    if (!detach && interactive && tty && !cli.stdinIsTerminal()) {
      throw new CommandFailure(ExitCodes.FAILURE, "the input device is not a TTY");
    }
    String id = client.createExec(container, options);
    if (detach) {
      client.startExecDetached(id, tty);
      return ExitCodes.OK;
    }
    Optional<Terminal> raw = tty && interactive && cli.stdinIsTerminal() ? Terminal.makeRaw() : Optional.empty();
    try {
      AttachSession session = client.startExec(id, tty, options.consoleSize());
      List<String> winch = tty ? Signals.onResize(() -> resize(client, id)) : List.of();
      try {
        if (tty) resize(client, id);
        if (interactive) pumpStdin(cli.in(), session);
        try {
          session.output(tty).copyTo(cli.out(), cli.err());
        } catch (IOException e) {
          if (cli.debug()) cli.err().println("exec: " + e.getMessage());
        } finally {
          cli.out().flush();
          cli.err().flush();
          session.close();
        }
      } finally {
        Signals.restore(winch);
      }
    } finally {
      raw.ifPresent(Terminal::restore);
    }
    ExecInspect result = client.inspectExec(id);
    return result.exitCode().orElse(0);
  }

  ExecOptions options(Map<String, String> hostEnv) {
    List<String> environment;
    try {
      environment = EnvFiles.read(envFiles, env, hostEnv);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCodes.FAILURE, "berth: " + e.getMessage());
    }
    Optional<int[]> size = tty ? Terminal.size() : Optional.empty();
    return new ExecOptions(command, environment, user, workdir, tty, privileged, interactive, !detach, !detach,
        detachKeys, size);
  }

  private static void resize(EngineClient client, String id) {
    Terminal.size().ifPresent(s -> {
      try {
        client.resizeExec(id, s[0], s[1]);
      } catch (RuntimeException ignored) {
        // the exec ended meanwhile
      }
    });
  }

  private static void pumpStdin(InputStream in, AttachSession session) {
    Thread.ofPlatform().daemon().name("berth-stdin").start(() -> {
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          session.stdin().write(buf, 0, n);
          session.stdin().flush();
        }
        // half-close: the daemon closes the process's stdin and keeps sending its output
        session.closeStdin();
      } catch (IOException e) {
        // the session ended
      }
    });
  }
}
