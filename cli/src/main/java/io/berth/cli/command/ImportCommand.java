package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.Refs;
import io.berth.client.ImportOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth import file|- [REPOSITORY[:TAG]]}: stream a rootfs tar to the daemon; prints the new image ID. */
@Command(name = "import", customSynopsis = "berth import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
    description = "Import the contents from a tarball to create a filesystem image")
public final class ImportCommand extends BerthCommand {
  @Option(names = {"-c", "--change"}, description = "Apply Dockerfile instruction to the created image") List<String> changes = new ArrayList<>();

  @Option(names = {"-m", "--message"}, description = "Set commit message for imported image") String message;

  @Option(names = "--platform", description = "Set platform if server is multi-platform capable") String platform;

  @Parameters(index = "0", paramLabel = "file|-") String source;

  @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]") String reference;

  /** The import query this command line sends. */
  public ImportOptions importOptions() {
    Optional<String> repo = Optional.empty();
    Optional<String> tag = Optional.empty();
    if (reference != null) {
      Refs r = Refs.parse(reference).orElseThrow(() -> new IllegalArgumentException("invalid reference format: " + reference));
      repo = Optional.of(r.fullName());
      tag = r.tag();
    }
    return new ImportOptions(repo, tag, changes, Optional.ofNullable(message), Optional.ofNullable(platform));
  }

  @Override protected int execute(Cli cli) throws IOException {
    if (source.contains("://")) throw new IllegalArgumentException("berth import: URLs are not supported yet; download the file first");
    ImportOptions options = importOptions();
    try (InputStream in = source.equals("-") ? cli.in() : open(Path.of(source))) {
      cli.client().importImage(in, options, m -> {
        if (!m.status().isEmpty()) cli.out().println(m.status());
        else if (!m.stream().isEmpty()) cli.out().print(m.stream());
      });
    }
    return ExitCodes.OK;
  }

  static InputStream open(Path p) throws IOException {
    try {
      return Files.newInputStream(p);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("open " + p + ": no such file or directory");
    }
  }
}
