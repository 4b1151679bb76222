package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.Main;
import io.berth.client.EngineException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Base of every command: reaches the invocation context through the root command. */
abstract class BerthCommand implements Callable<Integer> {
  /** The root command, or a group ({@code container}, {@code image}, {@code system}, {@code builder}) whose parent is the root. */
  @ParentCommand Object parent;

  @Option(names = "--help", usageHelp = true, description = "Print usage")
  boolean help;

  @Override public final Integer call() throws Exception {
    return execute(parent instanceof ContainerCommand group ? group.main.cli()
        : parent instanceof ImageCommand images ? images.main.cli()
        : parent instanceof SystemCommand system ? system.main.cli()
        : parent instanceof BuilderCommand builder ? builder.main.cli()
        : parent instanceof NetworkCommand network ? network.main.cli()
        : parent instanceof VolumeCommand volume ? volume.main.cli() : ((Main) parent).cli());
  }

  protected abstract int execute(Cli cli) throws Exception;

  /**
   * docker's pattern for commands over several objects: act on each, print its name on success,
   * print each daemon error, and exit 1 if any failed.
   */
  static int forEach(Cli cli, List<String> refs, Consumer<String> action) {
    boolean failed = false;
    for (String ref : refs) {
      try {
        action.accept(ref);
        cli.out().println(ref);
      } catch (EngineException e) {
        cli.err().println("Error response from daemon: " + e.getMessage());
        failed = true;
      }
    }
    if (failed) throw new CommandFailure(ExitCodes.FAILURE, "");
    return ExitCodes.OK;
  }
}
