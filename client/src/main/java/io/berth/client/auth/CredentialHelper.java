package io.berth.client.auth;

import io.berth.client.json.JsonException;
import io.berth.client.json.JsonFields;
import io.berth.client.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code docker-credential-<name>} program, driven with the helper protocol: the action is the
 * argument ({@code get}, {@code store}, {@code erase}), the input goes to its stdin (the server URL,
 * or for {@code store} the JSON {@code {"ServerURL","Username","Secret"}}), {@code get} answers the
 * same JSON on stdout, and a failure is a non-zero exit with the message on stdout. Errors carry the
 * docker CLI's wording ("error getting credentials - err: exit status 1, out: `...`").
 *
 * <p>The program is looked up on {@code PATH} from {@code env} (the invocation's environment), not
 * the JVM's, so that a test can put a fake helper first.
 */
public final class CredentialHelper {
  /** The helper protocol's answer when it has nothing for the server. */
  static final String NOT_FOUND = "credentials not found in native keychain";

  /** What a helper stores for one server. */
  public record Credentials(String serverUrl, String username, String secret) {}

  private final String program;
  private final Map<String, String> env;

  public CredentialHelper(String suffix, Map<String, String> env) {
    this.program = "docker-credential-" + suffix;
    this.env = Map.copyOf(env);
  }

  public String program() { return program; }

  /** The stored credentials, or empty when the helper has none for {@code server}. */
  public Optional<Credentials> get(String server) {
    Result r = run("get", server);
    if (r.exit != 0) {
      if (r.out.strip().equals(NOT_FOUND)) return Optional.empty();
      throw failure("getting", r);
    }
    try {
      JsonFields f = JsonFields.of(JsonReader.parseObject(r.out.getBytes(StandardCharsets.UTF_8)));
      return Optional.of(new Credentials(f.has("ServerURL") ? f.string("ServerURL") : server, f.string("Username"), f.string("Secret")));
    } catch (JsonException e) {
      throw new UncheckedIOException("error getting credentials - err: " + e.getMessage(), new IOException(e));
    }
  }

  public void store(Credentials c) {
    var m = new LinkedHashMap<String, Object>();
    m.put("ServerURL", c.serverUrl());
    m.put("Username", c.username());
    m.put("Secret", c.secret());
    Result r = run("store", GoJson.compact(m) + "\n");
    if (r.exit != 0) throw failure("storing", r);
  }

  public void erase(String server) {
    Result r = run("erase", server);
    if (r.exit != 0) throw failure("erasing", r);
  }

  private record Result(int exit, String out, String execError) {}

  private static UncheckedIOException failure(String verb, Result r) {
    String err = r.execError.isEmpty() ? "exit status " + r.exit : r.execError;
    return new UncheckedIOException("error " + verb + " credentials - err: " + err + ", out: `" + r.out.strip() + "`",
        new IOException(err));
  }

  private Result run(String action, String input) {
    Optional<Path> exe = lookPath();
    if (exe.isEmpty()) {
      return new Result(-1, "", "exec: \"" + program + "\": executable file not found in $PATH");
    }
    var pb = new ProcessBuilder(exe.get().toString(), action).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(input.getBytes(StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // the helper may exit without reading its input; its exit status tells
      }
      var out = new ByteArrayOutputStream();
      try (InputStream o = p.getInputStream()) {
        o.transferTo(out);
      }
      int exit = p.waitFor();
      return new Result(exit, out.toString(StandardCharsets.UTF_8), "");
    } catch (IOException e) {
      return new Result(-1, "", "fork/exec " + exe.get() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException("interrupted while running " + program, new IOException(e));
    }
  }

  private Optional<Path> lookPath() {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) dir = ".";
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }
}
