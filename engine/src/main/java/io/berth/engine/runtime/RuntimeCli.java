package io.berth.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one runtime command ({@code runc --root R --log-format=json <args>}) and returns its exit code,
 * stdout and error message. The runtime is always given {@code --log-format=json} so its diagnostics
 * are one JSON object per line and the error can be told apart from warnings reliably (runc and crun
 * both support it).
 */
final class RuntimeCli {
  record Result(int exitCode, byte[] stdout, String error) {
    boolean ok() { return exitCode == 0; }
  }

  private final Path binary;
  private final Path root;

  RuntimeCli(Path binary, Path root) {
    this.binary = binary;
    this.root = root;
  }

  /** The global arguments that go before the subcommand, also passed to conmon as runtime args. */
  List<String> globalArgs() {
    return List.of("--root=" + root, "--log-format=json");
  }

  Result run(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.toString());
    cmd.addAll(globalArgs());
    cmd.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    } catch (IOException e) {
      throw new BerthException.Unavailable("cannot run " + binary + ": " + e.getMessage(), e);
    }
    try (InputStream out = p.getInputStream(); InputStream err = p.getErrorStream()) {
      // runc writes little to stderr, so reading stdout to EOF first cannot fill the stderr pipe.
      byte[] stdout = out.readAllBytes();
      byte[] stderr = err.readAllBytes();
      int rc = p.waitFor();
      return new Result(rc, stdout, rc == 0 ? "" : errorMessage(new String(stderr, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      p.destroyForcibly();
      throw BerthException.internal("cannot read output of " + binary.getFileName() + " " + args[0], e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw BerthException.internal("interrupted while running " + binary.getFileName() + " " + args[0], e);
    }
  }

  /** The first line of {@code <runtime> --version}. */
  String versionLine() {
    try {
      Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out.lines().findFirst().orElse("").trim();
    } catch (IOException e) {
      throw new BerthException.Unavailable("cannot run " + binary + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BerthException.internal("interrupted", e);
    }
  }

  /**
   * The runtime's error from its diagnostics: the {@code msg} of the last error-level JSON line (runc
   * prints warnings before the fatal error); lines that are not JSON are kept as they are, so a
   * runtime that ignored {@code --log-format} still yields its text.
   */
  static String errorMessage(String diagnostics) {
    String lastError = null;
    String lastAny = null;
    for (String line : diagnostics.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      String msg = line;
      String level = "error";
      if (line.startsWith("{")) {
        try {
          JsonNode n = Json.mapper().readTree(line);
          msg = n.path("msg").asText(line);
          level = n.path("level").asText("error");
        } catch (IOException notJson) {
          // keep the raw line
        }
      }
      lastAny = msg;
      if (level.equals("error") || level.equals("fatal")) lastError = msg;
    }
    if (lastError != null) return lastError;
    return lastAny != null ? lastAny : "runtime failed without a message";
  }
}
