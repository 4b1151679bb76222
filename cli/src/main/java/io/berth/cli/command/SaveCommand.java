package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth save}: write images as a tar archive to a file or (never a terminal) stdout. */
@Command(name = "save", customSynopsis = "berth save [OPTIONS] IMAGE [IMAGE...]",
    description = "Save one or more images to a tar archive (streamed to STDOUT by default)")
public final class SaveCommand extends BerthCommand {
  @Option(names = {"-o", "--output"}, description = "Write to a file, instead of STDOUT") Path output;

  @Parameters(arity = "1..*", paramLabel = "IMAGE") List<String> images;

  @Override protected int execute(Cli cli) throws IOException {
    if (output == null && cli.stdoutIsTerminal()) {
      throw new IllegalArgumentException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
    }
    try (InputStream tar = cli.client().saveImages(images)) {
      if (output == null) {
        OutputStream out = cli.out();
        tar.transferTo(out);
        out.flush();
      } else {
        // write next to the target and rename, so a failed save leaves no truncated archive behind
        Path tmp = Files.createTempFile(output.toAbsolutePath().getParent(), ".berth-save-", ".tar");
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
