package io.berth.compose.load;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code docker compose} takes from its command line and process.
 *
 * @param files            {@code -f} files in order; empty: discover {@code compose.yaml} and friends
 * @param filesFromStdin   {@code -f -}: the (only, or additional first) file is read from {@code stdin}
 * @param environment      the process environment (overrides {@code .env})
 */
public record LoadOptions(List<Path> files, boolean filesFromStdin, Optional<String> projectName,
    Optional<Path> projectDirectory, List<Path> envFiles, List<String> profiles, Map<String, String> environment,
    InputStream stdin) {
  public LoadOptions {
    files = List.copyOf(files);
    envFiles = List.copyOf(envFiles);
    profiles = List.copyOf(profiles);
    environment = Map.copyOf(environment);
  }
}
