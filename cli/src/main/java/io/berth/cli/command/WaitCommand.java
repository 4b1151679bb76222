package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.client.EngineException;
import io.berth.client.WaitCondition;
import io.berth.client.model.WaitResponse;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth wait}: block until each container stops and print its exit code. Like docker, the
 * command itself exits 0 when every wait succeeded; the codes are on stdout.
 */
@Command(name = "wait", customSynopsis = "berth wait CONTAINER [CONTAINER...]",
    description = "Block until one or more containers stop, then print their exit codes")
public final class WaitCommand extends BerthCommand {
  @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

  @Override protected int execute(Cli cli) {
    boolean failed = false;
    for (String ref : containers) {
      try {
        WaitResponse r = cli.client().waitContainer(ref, WaitCondition.NOT_RUNNING).await();
        if (r.error().isPresent()) {
          cli.err().println(r.error().get().message());
          failed = true;
        } else {
          cli.out().println(r.statusCode());
        }
      } catch (EngineException e) {
        cli.err().println("Error response from daemon: " + e.getMessage());
        failed = true;
      }
    }
    if (failed) throw new CommandFailure(ExitCodes.FAILURE, "");
    return ExitCodes.OK;
  }
}
