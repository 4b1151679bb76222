package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth export}: a container's file system as a tar archive, to a file or (never a terminal) stdout. */
@Command(name = "export", customSynopsis = "berth export [OPTIONS] CONTAINER",
    description = "Export a container's filesystem as a tar archive")
public final class ExportCommand extends BerthCommand {
  @Option(names = {"-o", "--output"}, description = "Write to a file, instead of STDOUT") Path output;

  @Parameters(index = "0", paramLabel = "CONTAINER") String container;

  @Override protected int execute(Cli cli) throws IOException {
    if (output == null && cli.stdoutIsTerminal()) {
      // docker's text (its export shares save's wording)
      throw new IllegalArgumentException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
    }
    try (InputStream tar = cli.client().exportContainer(container)) {
      if (output == null) {
        OutputStream out = cli.out();
        tar.transferTo(out);
        out.flush();
      } else {
        // next to the target, then renamed: a failed export leaves no truncated archive behind
        Path tmp = Files.createTempFile(output.toAbsolutePath().getParent(), ".berth-export-", ".tar");
        try {
          Files.copy(tar, tmp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
    }
    return ExitCodes.OK;
  }
}
