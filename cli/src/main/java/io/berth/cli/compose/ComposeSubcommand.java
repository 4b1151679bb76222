package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.client.EngineException;
import io.berth.compose.ComposeException;
import io.berth.compose.converge.Progress;
import io.berth.compose.model.Project;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Base of the compose commands: the project from the global flags, the engine, the progress sink
 * (stderr, as Compose), and Compose's error reporting (the message alone, status 1).
 */
abstract class ComposeSubcommand implements Callable<Integer> {
  @ParentCommand ComposeCommand compose;

  @Option(names = "--help", usageHelp = true, description = "Print usage") boolean help;

  @Override public final Integer call() throws Exception {
    Cli cli = compose.cli();
    try {
      return execute(cli);
    } catch (ComposeException e) {
      cli.err().println(e.getMessage());
      return e.exitCode();
    } catch (EngineException e) {
      cli.err().println("Error response from daemon: " + e.getMessage());
      return 1;
    }
  }

  protected abstract int execute(Cli cli) throws Exception;

  Project project(Cli cli) {
    var files = new ArrayList<Path>();
    // "-" stays as is, at its position: the loader reads stdin there
    for (String f : compose.files) files.add(f.equals("-") ? Path.of("-") : Path.of(f).toAbsolutePath());
    var seen = new java.util.HashSet<String>();
    var request = new ProjectSource.Request(files, false, Optional.ofNullable(compose.projectName),
        Optional.ofNullable(compose.projectDirectory).map(d -> Path.of(d).toAbsolutePath()),
        compose.envFiles.stream().map(f -> Path.of(f).toAbsolutePath()).toList(), compose.profiles, cli.env(), cli.in(),
        w -> {
          if (seen.add(w)) cli.err().println("WARN[0000] " + w);
        });
    return ComposeCommand.source.load(request);
  }

  CliEngine engine(Cli cli) { return new CliEngine(cli.client(), cli); }

  Progress progress(Cli cli) { return Progress.to(cli.err()); }

  /** Compose's {@code -t}: seconds, absent when not given. */
  static java.util.OptionalInt timeout(Integer t) {
    return t == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(t);
  }
}
