package io.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.container.DetachKeys;
import io.berth.engine.container.ExecConfig;
import io.berth.engine.container.ExecInstance;
import io.berth.engine.container.ExecService;
import io.berth.http.Headers;
import io.berth.http.client.Upgraded;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.runtime.Process;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exec endpoints of the Engine API: {@code POST /containers/{id}/exec} (201 {@code {"Id"}}),
 * {@code POST /exec/{id}/start}, {@code POST /exec/{id}/resize}, {@code GET /exec/{id}/json}.
 *
 * <p>A start that does not detach takes the connection over in both forms real clients use: the
 * docker CLI asks to upgrade and gets 101; docker-java (Testcontainers) does not and gets 200 with a
 * raw stream, which it reads until EOF before it asks {@code GET /exec/{id}/json} for the exit code.
 * Either way the stream is framed (8-byte headers) unless the start asked for a TTY, and it ends only
 * after the exit code is recorded. See {@link ExecSession} for stdin, half-close and detach keys.
 */
public final class ExecRoutes {
  private final ExecService execs;

  public ExecRoutes(ExecService execs) {
    this.execs = execs;
  }

  public void register(Router r) {
    r.add("POST", "/containers/{id}/exec", this::create);
    r.add("POST", "/exec/{id}/start", this::start);
    r.add("POST", "/exec/{id}/resize", this::resize);
    r.add("GET", "/exec/{id}/json", req -> Responses.json(req, 200, inspect(execs.get(req.param("id")))));
  }

  private void create(ApiRequest req) throws IOException {
    JsonNode b = req.body(JsonNode.class);
    if (!b.isObject()) throw BerthException.invalid("invalid JSON: expected an object");
    ExecConfig config = new ExecConfig(strings(b.path("Cmd")), strings(b.path("Env")), b.path("User").asText(""),
        b.path("WorkingDir").asText(""), b.path("Tty").asBoolean(false), b.path("Privileged").asBoolean(false),
        b.path("AttachStdin").asBoolean(false), b.path("AttachStdout").asBoolean(false),
        b.path("AttachStderr").asBoolean(false), DetachKeys.parse(b.path("DetachKeys").asText("")),
        req.version().atLeast(1, 42) ? consoleSize(b.path("ConsoleSize")) : Optional.empty());
    ExecInstance e = execs.create(req.param("id"), config);
    Responses.json(req, 201, Docs.obj("Id", e.id()));
  }

  private void start(ApiRequest req) throws IOException {
    JsonNode b = req.body(JsonNode.class);
    boolean detach = b.path("Detach").asBoolean(false);
    boolean tty = b.path("Tty").asBoolean(false);
    // Docker: no console size before 1.42, and none without a TTY.
    Optional<Process.ConsoleSize> size = req.version().atLeast(1, 42) && tty ? consoleSize(b.path("ConsoleSize")) : Optional.empty();
    ExecInstance e = execs.getActive(req.param("id"));
    if (detach) {
      try {
        execs.start(e, size, true);
      } catch (ExecService.ExecStartFailure f) {
        throw f.asApiError();
      }
      req.exchange().respondEmpty(200);
      return;
    }
    execs.requireNotStarted(e); // before the hijack, so that this is a proper HTTP error
    Headers h = new Headers();
    h.set("Content-Type", StdFrames.contentType(tty, req.version()));
    int status = req.exchange().wantsUpgrade() ? 101 : 200;
    try (Upgraded conn = req.exchange().hijack(status, h)) {
      StdFrames frames = new StdFrames(conn.out(), tty);
      ExecService.Started started;
      try {
        started = execs.start(e, size, false);
      } catch (ExecService.ExecStartFailure | BerthException f) {
        // Docker writes the error into the stream it already answered with, on stdout.
        byte[] text = (f.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8);
        frames.write(StdFrames.STDOUT, text, 0, text.length);
        frames.flush();
        conn.closeWrite();
        return;
      }
      new ExecSession(execs, started, conn, frames).run();
    }
  }

  private void resize(ApiRequest req) throws IOException {
    int h = dimension(req, "h");
    int w = dimension(req, "w");
    execs.resize(req.param("id"), h, w);
    req.exchange().respondEmpty(200);
  }

  private static int dimension(ApiRequest req, String name) {
    String v = req.query(name).orElse("0");
    try {
      long n = Long.parseLong(v);
      if (n < 0 || n > 0xFFFF_FFFFL) throw new NumberFormatException();
      return (int) Math.min(n, 0xFFFF);
    } catch (NumberFormatException ex) {
      String which = name.equals("h") ? "height" : "width";
      throw BerthException.invalid("invalid resize %s %s: strconv.ParseUint: parsing %s: invalid syntax", which,
          Json.string(v), Json.string(v));
    }
  }

  /** Docker's {@code ExecInspectResponse}, in its field order. */
  static Map<String, Object> inspect(ExecInstance e) {
    ExecConfig c = e.config();
    Map<String, Object> process = new LinkedHashMap<>();
    process.put("tty", c.tty());
    process.put("entrypoint", c.entrypoint());
    process.put("arguments", c.arguments());
    process.put("privileged", c.privileged());
    if (!c.user().isEmpty()) process.put("user", c.user());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", e.id());
    m.put("Running", e.running());
    // Docker writes null while the process runs; the shared mapper drops null map values, NullNode it keeps.
    m.put("ExitCode", e.exitCode().<Object>map(x -> x).orElse(com.fasterxml.jackson.databind.node.NullNode.getInstance()));
    m.put("ProcessConfig", process);
    m.put("OpenStdin", c.attachStdin());
    m.put("OpenStderr", c.attachStderr());
    m.put("OpenStdout", c.attachStdout());
    m.put("CanRemove", false);
    m.put("ContainerID", e.containerId());
    m.put("DetachKeys", Base64.getEncoder().encodeToString(c.detachKeys().configured())); // Go's []byte
    m.put("Pid", e.pid());
    return m;
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isArray()) n.forEach(x -> out.add(x.asText()));
    else if (n.isTextual()) out.add(n.asText());
    return out;
  }

  /** {@code [height, width]}; null or absent is none. */
  private static Optional<Process.ConsoleSize> consoleSize(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) return Optional.empty();
    if (!n.isArray() || n.size() != 2 || !n.get(0).canConvertToLong() || !n.get(1).canConvertToLong()) {
      throw BerthException.invalid("invalid JSON: ConsoleSize must be [height, width]");
    }
    long height = n.get(0).asLong();
    long width = n.get(1).asLong();
    if (height < 0 || width < 0) throw BerthException.invalid("invalid JSON: ConsoleSize must not be negative");
    if (height == 0 && width == 0) return Optional.empty();
    return Optional.of(new Process.ConsoleSize((int) Math.min(height, 0xFFFF), (int) Math.min(width, 0xFFFF)));
  }
}
