package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.Refs;
import io.berth.client.CommitOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]}: a new image from a container's changes; prints its ID. */
@Command(name = "commit", customSynopsis = "berth commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
    description = "Create a new image from a container's changes")
public final class CommitCommand extends BerthCommand {
  @Option(names = {"-a", "--author"}, description = "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")")
  String author = "";

  @Option(names = {"-c", "--change"}, description = "Apply Dockerfile instruction to the created image")
  List<String> changes = new ArrayList<>();

  @Option(names = {"-m", "--message"}, description = "Commit message") String message = "";

  @Option(names = {"-p", "--pause"}, arity = "0..1", fallbackValue = "true", defaultValue = "true",
      description = "Pause container during commit (default true)") boolean pause;

  @Parameters(index = "0", paramLabel = "CONTAINER") String container;

  @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]") String reference;

  /** The commit this command line asks for (the docker client's reference checks included). */
  public CommitOptions options() {
    Optional<String> repo = Optional.empty();
    Optional<String> tag = Optional.empty();
    if (reference != null && !reference.isEmpty()) {
      Refs r = Refs.parse(reference).orElseThrow(() -> new IllegalArgumentException("invalid reference format"));
      if (r.digest().isPresent()) throw new IllegalArgumentException("refusing to create a tag with a digest reference");
      repo = Optional.of(r.familiarName());
      tag = Optional.of(r.tag().orElse("latest"));
    }
    return new CommitOptions(repo, tag, message, author, pause, changes);
  }

  @Override protected int execute(Cli cli) {
    cli.out().println(cli.client().commit(container, options()));
    return ExitCodes.OK;
  }
}
