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
 */
public record Dockerfile(String name, char escape, Optional<String> syntax, List<Instruction> instructions) {}
