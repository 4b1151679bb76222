package io.berth.engine.build.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * A parsed Dockerfile.
 *
 * @param name         the file's name as the user gave it ({@code Dockerfile}, {@code build/Dockerfile.dev}), used in errors
 * @param escape       the escape character ({@code \} or {@code `} from the {@code # escape=} directive)
 * @param syntax       the {@code # syntax=} directive if present (BuildKit frontends: noted and ignored)
 * @param instructions in file order; ARGs before the first FROM come first
 * @param warnings     docker's parser warnings (empty continuation lines), printed before the first step
 */
public record Dockerfile(String name, char escape, Optional<String> syntax, List<Instruction> instructions,
    List<String> warnings) {

  public Dockerfile {
    warnings = List.copyOf(warnings);
  }

  /** Without warnings. */
  public Dockerfile(String name, char escape, Optional<String> syntax, List<Instruction> instructions) {
    this(name, escape, syntax, instructions, List.of());
  }
}
