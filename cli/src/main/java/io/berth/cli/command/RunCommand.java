package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.Refs;
import io.berth.client.AttachOptions;
import io.berth.client.DaemonUnreachableException;
import io.berth.client.EngineClient;
import io.berth.client.EngineException;
import io.berth.client.model.ContainerCreateRequest;
import io.berth.client.model.ContainerCreateResponse;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth run}: create, attach, wait, start, as the docker CLI does; exit with the container's status. */
@Command(name = "run", customSynopsis = "berth run [OPTIONS] IMAGE [COMMAND] [ARG...]",
    description = "Create and run a new container from an image")
public final class RunCommand extends BerthCommand {
  @Mixin ContainerOptions options = new ContainerOptions();

  @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID")
  boolean detach;

  @Option(names = "--sig-proxy", arity = "0..1", fallbackValue = "true", defaultValue = "true",
      description = "Proxy received signals to the process")
  boolean sigProxy = true;

  @Option(names = "--detach-keys", description = "Override the key sequence for detaching a container")
  String detachKeys;

  @Parameters(index = "0", paramLabel = "IMAGE") String image;

  @Parameters(index = "1..*", paramLabel = "ARG") List<String> args = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    ContainerCreateRequest request;
    try {
      request = options.toRequest(image, args, detach, cli.env());
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCodes.RUN_FAILED, "berth: " + e.getMessage() + "\n\nRun 'berth run --help' for more information");
    }
    if (!detach && request.config().attachStdin() && request.config().tty() && !cli.stdinIsTerminal()) {
      throw new CommandFailure(ExitCodes.FAILURE, "the input device is not a TTY");
    }
    EngineClient client;
    try {
      client = cli.client();
    } catch (DaemonUnreachableException e) {
      throw new CommandFailure(ExitCodes.RUN_FAILED, "berth: " + e.getMessage() + "\n\nRun 'berth run --help' for more information");
    }
    ContainerCreateResponse created = create(cli, client, image, request, options);
    String id = created.id();
    if (detach) {
      try {
        client.startContainer(id);
      } catch (EngineException e) {
        throw new CommandFailure(ExitCodes.forRunError(e.getMessage()), "berth: Error response from daemon: " + e.getMessage()
            + "\n\nRun 'berth run --help' for more information");
      }
      cli.out().println(id);
      return ExitCodes.OK;
    }
    var config = request.config();
    var streams = new AttachOptions(config.attachStdin(), config.attachStdout(), config.attachStderr(), false)
        .withDetachKeys(java.util.Optional.ofNullable(detachKeys));
    // docker: with no output attached (-a stdin) the ID is printed, and run returns when stdin is done
    if (!config.attachStdout() && !config.attachStderr()) cli.out().println(id);
    return AttachedRun.run(cli, id, streams, config.tty(), options.autoRemove(), false, sigProxy);
  }

  /** Create, with docker's wording when the image is missing (there is no pull yet) and 125 on refusal. */
  static ContainerCreateResponse create(Cli cli, EngineClient client, String image, ContainerCreateRequest request, ContainerOptions options) {
    try {
      ContainerCreateResponse created = client.createContainer(request, options.name());
      created.warnings().forEach(w -> cli.err().println("WARNING: " + w));
      return created;
    } catch (EngineException e) {
      if (e.isNotFound()) {
        String ref = Refs.parse(image).map(r -> r.withDefaultTag().familiarString()).orElse(image);
        cli.err().println("Unable to find image '" + ref + "' locally");
        throw new CommandFailure(ExitCodes.RUN_FAILED, "berth: Error response from daemon: No such image: " + ref
            + "\n\nRun 'berth run --help' for more information");
      }
      throw new CommandFailure(ExitCodes.forRunError(e.getMessage()), "berth: Error response from daemon: " + e.getMessage()
          + "\n\nRun 'berth run --help' for more information");
    }
  }
}
