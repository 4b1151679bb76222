package io.berth.compose.load;

import io.berth.compose.ComposeException;

import io.berth.compose.model.Project;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Loads a compose project like {@code docker compose} does: files found or given ({@code -f}, {@code -f -},
 * {@code COMPOSE_FILE}), the environment ({@code .env} or {@code --env-file}s, the process env winning),
 * each file parsed, interpolated and validated, {@code extends} and {@code include} resolved, the files
 * merged in order, the project named, profiles applied and everything normalised into the model.
 */
public final class ProjectLoader {
  static final List<String> DEFAULT_FILES = List.of("compose.yaml", "compose.yml", "docker-compose.yml",
      "docker-compose.yaml");
  static final List<String> OVERRIDE_FILES = List.of("compose.override.yml", "compose.override.yaml",
      "docker-compose.override.yml", "docker-compose.override.yaml");
  private static final String STDIN = "-";

  private ProjectLoader() {}

  /** A file to load: its path (for the stdin one, a pseudo path in the working directory) and text. */
  record Source(Path path, String display, String text) {}

  /** Loads the project; warnings go to stderr as docker compose prints them. Throws {@link ComposeException}. */
  public static Project load(LoadOptions o) {
    Set<String> seen = new LinkedHashSet<>();
    Consumer<String> warn = w -> {
      if (seen.add(w)) {
        System.err.println("WARN[0000] " + w);
      }
    };
    return load(o, warn);
  }

  /**
   * As {@link #load(LoadOptions)}, with compose's warnings (unset variables, obsolete {@code version}, several
   * candidate files, ignored dependencies) given to {@code warn} instead of printed as {@code WARN[0000] ...}.
   */
  public static Project load(LoadOptions o, Consumer<String> warn) {
    Path cwd = Path.of("").toAbsolutePath();
    List<Path> files = files(o, cwd, warn);
    Path workingDir = o.projectDirectory().map(cwd::resolve).map(Path::normalize)
        .orElseGet(() -> files.getFirst().toString().equals(STDIN) ? cwd : files.getFirst().getParent());
    Map<String, String> env = environment(o.envFiles().stream().map(cwd::resolve).toList(), workingDir,
        o.environment());
    List<Source> sources = new ArrayList<>();
    for (Path f : files) {
      sources.add(f.toString().equals(STDIN) ? new Source(workingDir.resolve("stdin"), "-", read(o.stdin()))
          : new Source(f, display(f, workingDir), read(f)));
    }
    Trees.Loaded loaded = new Trees(env, warn).load(sources, workingDir);
    Map<String, Object> tree = loaded.tree();
    String name = projectName(o, env, tree, workingDir);
    List<String> profiles = new ArrayList<>(o.profiles());
    if (profiles.isEmpty() && env.containsKey("COMPOSE_PROFILES")) {
      Arrays.stream(env.get("COMPOSE_PROFILES").split(",")).map(String::strip).filter(s -> !s.isEmpty())
          .forEach(profiles::add);
    }
    return new Normalizer(name, workingDir, env, loaded.marks(), warn)
        .project(tree, files, Set.copyOf(profiles));
  }

  /** Files are named relative to the project directory in messages ({@code compose.yaml:12:7: ...}). */
  private static String display(Path f, Path dir) {
    return f.startsWith(dir) ? dir.relativize(f).toString() : f.toString();
  }

  /** The files in order: {@code -f}s, else {@code COMPOSE_FILE}, else the default names here or in a parent. */
  static List<Path> files(LoadOptions o, Path cwd, Consumer<String> warn) {
    List<Path> out = new ArrayList<>();
    if (o.filesFromStdin() && o.files().stream().noneMatch(f -> f.toString().equals(STDIN))) {
      out.add(Path.of(STDIN));
    }
    for (Path f : o.files()) {
      out.add(f.toString().equals(STDIN) ? f : cwd.resolve(f).normalize());
    }
    if (!out.isEmpty()) {
      for (Path f : out) {
        if (!f.toString().equals(STDIN) && !Files.exists(f)) {
          throw new ComposeException("open " + f + ": no such file or directory");
        }
      }
      return out;
    }
    // COMPOSE_FILE may also come from the .env of the directory compose starts in.
    Map<String, String> early = o.environment().containsKey("COMPOSE_FILE") ? o.environment()
        : dotEnvQuietly(o.projectDirectory().map(cwd::resolve).orElse(cwd), o.environment());
    String composeFile = early.get("COMPOSE_FILE");
    if (composeFile != null && !composeFile.isBlank()) {
      String sep = early.getOrDefault("COMPOSE_PATH_SEPARATOR", ":");
      for (String f : composeFile.split(java.util.regex.Pattern.quote(sep))) {
        Path p = o.projectDirectory().orElse(cwd).resolve(f).normalize();
        if (!Files.exists(p)) {
          throw new ComposeException("open " + p + ": no such file or directory");
        }
        out.add(p);
      }
      return out;
    }
    Path dir = o.projectDirectory().map(cwd::resolve).orElse(cwd);
    for (Path d = dir; d != null; d = d.getParent()) {
      List<Path> found = existing(DEFAULT_FILES, d, warn, "config");
      if (!found.isEmpty()) {
        out.add(found.getFirst());
        List<Path> overrides = existing(OVERRIDE_FILES, d, warn, "override");
        if (!overrides.isEmpty()) {
          out.add(overrides.getFirst());
        }
        return out;
      }
    }
    throw new ComposeException("no configuration file provided: not found");
  }

  private static Map<String, String> dotEnvQuietly(Path dir, Map<String, String> process) {
    if (!Files.isRegularFile(dir.resolve(".env"))) {
      return process;
    }
    return environment(List.of(), dir, process);
  }

  /** The candidates present in {@code dir}, in preference order; several of them deserve compose's warning. */
  private static List<Path> existing(List<String> names, Path dir, Consumer<String> warn, String what) {
    List<Path> found = names.stream().map(dir::resolve).filter(Files::isRegularFile).toList();
    if (found.size() > 1) {
      warn.accept("Found multiple " + what + " files with supported names: "
          + String.join(", ", found.stream().map(Path::toString).toList()));
      warn.accept("Using " + found.getFirst());
    }
    return found;
  }

  /** {@code .env} (or the given env files) under the process environment, which wins. */
  static Map<String, String> environment(List<Path> envFiles, Path workingDir, Map<String, String> process) {
    Map<String, Optional<String>> dot = new LinkedHashMap<>();
    List<Path> files = envFiles;
    if (files.isEmpty() && Files.isRegularFile(workingDir.resolve(".env"))) {
      files = List.of(workingDir.resolve(".env"));
    }
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new ComposeException("couldn't find env file: " + f);
      }
      Interpolation.envFile(read(f), f.toString(), k -> Optional.ofNullable(process.get(k)), dot);
    }
    Map<String, String> env = new HashMap<>();
    dot.forEach((k, v) -> v.ifPresent(s -> env.put(k, s)));
    env.putAll(process);
    return env;
  }

  static String projectName(LoadOptions o, Map<String, String> env, Map<String, Object> tree, Path workingDir) {
    Optional<String> explicit = o.projectName().filter(s -> !s.isEmpty())
        .or(() -> Optional.ofNullable(env.get("COMPOSE_PROJECT_NAME")).filter(s -> !s.isEmpty()))
        .or(() -> Optional.ofNullable(tree.get("name")).map(String::valueOf).filter(s -> !s.isEmpty()));
    if (explicit.isPresent()) {
      String n = explicit.get();
      if (!normaliseName(n).equals(n) || n.isEmpty()) {
        throw new ComposeException("invalid project name \"" + n + "\": must consist only of lowercase alphanumeric"
            + " characters, hyphens, and underscores as well as start with a letter or number");
      }
      return n;
    }
    Path base = workingDir.getFileName();
    String n = normaliseName(base == null ? "" : base.toString());
    if (n.isEmpty()) {
      throw new ComposeException("project name must not be empty");
    }
    return n;
  }

  /** compose's normalisation: lower case, only {@code [a-z0-9_-]}, starting with a letter or digit. */
  static String normaliseName(String s) {
    String n = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
    return n.replaceFirst("^[_-]+", "");
  }

  static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ComposeException("open " + f + ": " + (e instanceof java.nio.file.NoSuchFileException
          ? "no such file or directory" : e.getMessage()), e);
    }
  }

  static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
