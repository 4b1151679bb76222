package io.berth.compose.load;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code docker compose} takes from its command line and process.
 *
 * @param files            {@code -f} files in order (relative to the current directory); empty: discover
 *                         {@code compose.yaml} and friends (or take {@code COMPOSE_FILE}). A {@code Path.of("-")}
 *                         entry is the file read from {@code stdin}, at that position.
 * @param filesFromStdin   {@code -f -} without a {@code "-"} entry in {@code files}: stdin is read as the first file
 * @param projectDirectory {@code --project-directory}; default: the first file's directory
 * @param envFiles         {@code --env-file}s, in order; default: {@code .env} in the project directory
 * @param profiles         {@code --profile}s; empty: {@code COMPOSE_PROFILES}
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
