package io.berth.cli.command;

import io.berth.cli.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Where {@code save} and {@code export} write their tar: {@code -o FILE}, or stdout but never a terminal. */
final class TarOutput {
  /** Opens the archive stream (the request to the daemon). */
  interface Source {
    InputStream open() throws IOException;
  }

  private TarOutput() {}

  static void write(Cli cli, Path output, String tempPrefix, Source source) throws IOException {
    if (output == null && cli.stdoutIsTerminal()) {
      // docker's text, for save and export alike; checked before the daemon is asked
      throw new IllegalArgumentException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
    }
    try (InputStream tar = source.open()) {
      if (output == null) {
        OutputStream out = cli.out();
        tar.transferTo(out);
        out.flush();
        return;
      }
      // next to the target, then renamed: a failed transfer leaves no truncated archive behind
      Path tmp = Files.createTempFile(output.toAbsolutePath().getParent(), tempPrefix, ".tar");
      try {
        Files.copy(tar, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
