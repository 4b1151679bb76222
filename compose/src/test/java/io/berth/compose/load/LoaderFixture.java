package io.berth.compose.load;

import io.berth.compose.model.Project;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A project directory in a temp dir and the options to load it. */
final class LoaderFixture {
  final Path dir;
  final List<Path> files = new ArrayList<>();
  final List<String> profiles = new ArrayList<>();
  final Map<String, String> env = new HashMap<>();
  final List<String> warnings = new ArrayList<>();
  Optional<String> name = Optional.empty();
  String stdin = "";
  boolean fromStdin;

  LoaderFixture(Path dir) {
    this.dir = dir;
    env.put("HOME", "/home/u");
  }

  LoaderFixture write(String file, String text) {
    try {
      Path p = dir.resolve(file);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  LoaderFixture file(String f) {
    files.add(dir.resolve(f));
    return this;
  }

  LoadOptions options() {
    return new LoadOptions(files, fromStdin, name, Optional.of(dir), List.of(), profiles, env,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
  }

  Project load() {
    return ProjectLoader.load(options(), warnings::add);
  }
}
