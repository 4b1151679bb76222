package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.oci.ImageReference;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth pull}: {@code POST /images/create?fromImage=&tag=} with the stored credentials, the
 * progress as docker shows it, and the full reference at the end
 * ({@code docker.io/library/busybox:latest}).
 */
@Command(name = "pull", customSynopsis = "berth pull [OPTIONS] NAME[:TAG|@DIGEST]", description = "Download an image from a registry")
public final class PullCommand extends BerthCommand {
  @Option(names = {"-a", "--all-tags"}, description = "Download all tagged images in the repository") boolean allTags;

  @Option(names = "--disable-content-trust", arity = "0..1", fallbackValue = "true", defaultValue = "true",
      description = "Skip image verification (default true)") boolean disableContentTrust = true;

  @Option(names = "--platform", description = "Set platform if server is multi-platform capable") String platform;

  @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output") boolean quiet;

  @Parameters(index = "0", paramLabel = "NAME[:TAG|@DIGEST]") String name;

  @Override protected int execute(Cli cli) {
    ImageReference parsed = Distribution.reference(name);
    if (allTags && !parsed.isNameOnly()) throw new CommandFailure(ExitCodes.FAILURE, "tag can't be used with --all-tags/-a");
    final ImageReference ref;
    if (!allTags && parsed.isNameOnly()) {
      ref = parsed.withTag(ImageReference.DEFAULT_TAG);
      if (!quiet) cli.out().println("Using default tag: " + ImageReference.DEFAULT_TAG);
    } else {
      ref = parsed;
    }
    String auth = cli.credentials().headerFor(ref.domain());
    Optional<String> tag = allTags ? Optional.empty()
        : ref.digest().map(Object::toString).or(ref::tag);
    String p = platform != null ? platform : cli.env().getOrDefault("DOCKER_DEFAULT_PLATFORM", "");
    Optional<String> plat = p.isEmpty() ? Optional.empty() : Optional.of(p.toLowerCase(Locale.ROOT));
    Distribution.displayOrFail(cli, cli.client().pull(ref.repository(), tag, plat, auth), quiet);
    cli.out().println(ref.toString());
    return ExitCodes.OK;
  }
}
