package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
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

  /**
   * Create as docker does: with {@code --pull always} pull first; when the image is missing and
   * {@code --pull missing} (the default), say so, pull it (progress on standard error) and create
   * again; 125 with docker's wording on refusal.
   */
  static ContainerCreateResponse create(Cli cli, EngineClient client, String image, ContainerCreateRequest request, ContainerOptions options) {
    String pull = options.pull();
    if (!pull.isEmpty() && !pull.equals("always") && !pull.equals("missing") && !pull.equals("never")) {
      throw runFailure("invalid pull option: '" + pull + "': must be one of \"always\", \"missing\" or \"never\"");
    }
    java.util.Optional<io.berth.oci.ImageReference> named = named(image);
    if (pull.equals("always") && named.isPresent()) pullImage(cli, client, named.get(), options);
    try {
      return created(cli, client.createContainer(request, options.name(), options.platform(cli.env())));
    } catch (EngineException e) {
      if (e.isNotFound() && named.isPresent() && (pull.equals("missing") || pull.isEmpty())) {
        if (!options.quiet()) cli.err().println("Unable to find image '" + named.get().familiarString() + "' locally");
        pullImage(cli, client, named.get(), options);
        try {
          return created(cli, client.createContainer(request, options.name(), options.platform(cli.env())));
        } catch (EngineException retry) {
          throw runFailure("Error response from daemon: " + retry.getMessage(), ExitCodes.forRunError(retry.getMessage()));
        }
      }
      if (e.isNotFound() && named.isPresent()) throw runFailure("Error response from daemon: No such image: " + named.get().familiarString());
      throw runFailure("Error response from daemon: " + e.getMessage(), ExitCodes.forRunError(e.getMessage()));
    }
  }

  private static ContainerCreateResponse created(Cli cli, ContainerCreateResponse created) {
    created.warnings().forEach(w -> cli.err().println("WARNING: " + w));
    return created;
  }

  /** docker's {@code ParseAnyReference} then {@code TagNameOnly}: empty for an image ID. */
  private static java.util.Optional<io.berth.oci.ImageReference> named(String image) {
    if (image.matches("(sha256:)?[a-f0-9]{64}")) return java.util.Optional.empty();
    try {
      return java.util.Optional.of(io.berth.oci.ImageReference.parseWithDefaultTag(image));
    } catch (io.berth.oci.errors.BerthException e) {
      return java.util.Optional.empty();
    }
  }

  /** The pull of run/create: {@code POST /images/create} with the stored credentials, progress on stderr. */
  private static void pullImage(Cli cli, EngineClient client, io.berth.oci.ImageReference ref, ContainerOptions options) {
    String auth;
    try {
      auth = cli.credentials().headerFor(ref.domain());
    } catch (java.io.UncheckedIOException e) {
      throw runFailure(e.getMessage());
    }
    java.util.Optional<String> tag = ref.digest().map(Object::toString).or(ref::tag);
    try {
      Distribution.display(cli, client.pull(ref.repository(), tag, options.platform(cli.env()), auth), true, options.quiet(), m -> {});
    } catch (EngineException e) {
      throw runFailure("Error response from daemon: " + e.getMessage());
    } catch (io.berth.cli.progress.StreamError e) {
      throw runFailure(e.getMessage());
    }
  }

  private static CommandFailure runFailure(String message) {
    return runFailure(message, ExitCodes.RUN_FAILED);
  }

  private static CommandFailure runFailure(String message, int code) {
    return new CommandFailure(code, "berth: " + message + "\n\nRun 'berth run --help' for more information");
  }
}
