package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.oci.ImageReference;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth push}: {@code POST /images/{name}/push?tag=} with the stored credentials and docker's progress display. */
@Command(name = "push", customSynopsis = "berth push [OPTIONS] NAME[:TAG]", description = "Upload an image to a registry")
public final class PushCommand extends BerthCommand {
  @Option(names = {"-a", "--all-tags"}, description = "Push all tags of an image to the repository") boolean allTags;

  @Option(names = "--disable-content-trust", arity = "0..1", fallbackValue = "true", defaultValue = "true",
      description = "Skip image signing (default true)") boolean disableContentTrust = true;

  @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output") boolean quiet;

  @Parameters(index = "0", paramLabel = "NAME[:TAG]") String name;

  @Override protected int execute(Cli cli) {
    ImageReference ref = Distribution.reference(name);
    if (allTags && !ref.isNameOnly()) throw new CommandFailure(ExitCodes.FAILURE, "tag can't be used with --all-tags/-a");
    if (!allTags && ref.isNameOnly()) {
      ref = ref.withTag(ImageReference.DEFAULT_TAG);
      if (!quiet) cli.out().println("Using default tag: " + ImageReference.DEFAULT_TAG);
    }
    if (ref.digest().isPresent()) throw new CommandFailure(ExitCodes.FAILURE, "cannot push a digest reference");
    String auth = cli.credentials().headerFor(ref.domain());
    Distribution.displayOrFail(cli, cli.client().push(ref.repository(), allTags ? Optional.empty() : ref.tag(), auth), quiet);
    if (quiet) cli.out().println(ref.toString());
    return ExitCodes.OK;
  }
}
