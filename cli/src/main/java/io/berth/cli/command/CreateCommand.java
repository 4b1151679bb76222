package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.client.model.ContainerCreateRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth create}: create a container and print its full ID. */
@Command(name = "create", customSynopsis = "berth create [OPTIONS] IMAGE [COMMAND] [ARG...]",
    description = "Create a new container")
public final class CreateCommand extends BerthCommand {
  @Mixin ContainerOptions options = new ContainerOptions();

  @Parameters(index = "0", paramLabel = "IMAGE") String image;

  @Parameters(index = "1..*", paramLabel = "ARG") List<String> args = new ArrayList<>();

  /** The request this command line sends (docker create attaches nothing it is not told to). */
  public ContainerCreateRequest request(java.util.Map<String, String> env) {
    return options.toRequest(image, args, false, env);
  }

  @Override protected int execute(Cli cli) {
    ContainerCreateRequest request;
    try {
      request = request(cli.env());
    } catch (IllegalArgumentException e) {
      // docker: options refused after flag parsing are "docker: ..." with the help hint, status 125
      throw new CommandFailure(ExitCodes.RUN_FAILED, "berth: " + e.getMessage() + "\n\nRun 'berth create --help' for more information");
    }
    String id = RunCommand.create(cli, cli.client(), image, request, options).id();
    cli.out().println(id);
    return ExitCodes.OK;
  }
}
