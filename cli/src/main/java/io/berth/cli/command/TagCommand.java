package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.Refs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth tag SOURCE TARGET}: the target is normalised and defaults to ":latest", as in docker. */
@Command(name = "tag", customSynopsis = "berth tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
    description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
public final class TagCommand extends BerthCommand {
  @Parameters(index = "0", paramLabel = "SOURCE_IMAGE") String source;

  @Parameters(index = "1", paramLabel = "TARGET_IMAGE") String target;

  @Override protected int execute(Cli cli) {
    Refs ref = Refs.parse(target).orElseThrow(() -> new IllegalArgumentException("Error parsing reference: \"" + target + "\" is not a valid repository/tag: invalid reference format"));
    if (ref.digest().isPresent()) throw new IllegalArgumentException("refusing to create a tag with a digest reference");
    ref = ref.withDefaultTag();
    cli.client().tagImage(source, ref.fullName(), ref.tag());
    return ExitCodes.OK;
  }
}
