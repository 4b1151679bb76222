package io.berth.cli.compose;

import io.berth.compose.load.LoadOptions;
import io.berth.compose.load.ProjectLoader;
import io.berth.compose.load.ProjectWriter;
import io.berth.compose.model.Project;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the compose commands get their project: the loader of module compose (files, interpolation,
 * profiles), and its YAML writer for {@code config}. A seam, so commands are also tested with
 * projects built from records.
 */
public interface ProjectSource {
  /** The global flags and the environment, as the loader's {@code LoadOptions} takes them. */
  record Request(List<Path> files, boolean filesFromStdin, Optional<String> projectName,
      Optional<Path> projectDirectory, List<Path> envFiles, List<String> profiles, Map<String, String> environment,
      InputStream stdin, Consumer<String> warnings) {}

  Project load(Request request);

  /** The normalised model as YAML ({@code config}). */
  String yaml(Project project);

  /** The loader of module compose and its YAML writer (loader errors become the converger's, printed as is). */
  static ProjectSource standard() {
    return new ProjectSource() {
      @Override public Project load(Request r) {
        try {
          return ProjectLoader.load(new LoadOptions(r.files(), r.filesFromStdin(), r.projectName(), r.projectDirectory(),
              r.envFiles(), r.profiles(), r.environment(), r.stdin()), r.warnings());
        } catch (io.berth.compose.ComposeException e) {
          throw new io.berth.compose.ComposeException(e.getMessage());
        }
      }

      @Override public String yaml(Project project) { return ProjectWriter.yaml(project); }
    };
  }
}
