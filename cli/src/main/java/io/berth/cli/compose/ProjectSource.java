package io.berth.cli.compose;

import io.berth.compose.model.Project;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the compose commands get their project: the loader of module compose (files, interpolation,
 * profiles), and its YAML writer for {@code config}. A seam, so commands are tested with projects
 * built from records.
 */
public interface ProjectSource {
  /** The global flags and the environment, as the loader's {@code LoadOptions} takes them. */
  record Request(List<Path> files, boolean filesFromStdin, Optional<String> projectName,
      Optional<Path> projectDirectory, List<Path> envFiles, List<String> profiles, Map<String, String> environment,
      InputStream stdin) {}

  Project load(Request request);

  /** The normalised model as YAML ({@code config}). */
  String yaml(Project project);

  /** The source commands use unless a test sets another (see {@link ComposeCommand#source}). */
  static ProjectSource standard() {
    return new ProjectSource() {
      @Override public Project load(Request request) {
        throw new io.berth.compose.converge.ComposeException("the compose file loader is not part of this build");
      }

      @Override public String yaml(Project project) {
        throw new io.berth.compose.converge.ComposeException("the compose file loader is not part of this build");
      }
    };
  }
}
