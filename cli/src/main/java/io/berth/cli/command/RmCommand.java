package io.berth.cli.command;

import io.berth.cli.Cli;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth rm}: remove containers. */
@Command(name = "rm", customSynopsis = "berth rm [OPTIONS] CONTAINER [CONTAINER...]",
    description = "Remove one or more containers")
public final class RmCommand extends BerthCommand {
  @Option(names = {"-f", "--force"}, description = "Force the removal of a running container (uses SIGKILL)") boolean force;

  @Option(names = {"-v", "--volumes"}, description = "Remove anonymous volumes associated with the container") boolean volumes;

  @Option(names = {"-l", "--link"}, description = "Remove the specified link (ignored)") boolean link;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

  @Override protected int execute(Cli cli) {
    return forEach(cli, containers, ref -> cli.client().removeContainer(ref, force, volumes));
  }
}
