package io.berth.engine.registry;

import io.berth.oci.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Docker's JSON message stream ({@code jsonmessage.JSONMessage}), one object per line, flushed as
 * it goes: {@code {"status":"Downloading","progressDetail":{"current":..,"total":..},"progress":"[=> ] ..","id":"..."}}.
 * Several layer threads write at once, so every write is one synchronized line.
 */
public final class ProgressStream {
  /** Starts the HTTP response: called at the first message, so an early failure can still be an HTTP error. */
  public interface Opener {
    OutputStream open() throws IOException;
  }

  private final Opener opener;
  private OutputStream out;

  public ProgressStream(Opener opener) {
    this.opener = opener;
  }

  /** True once a message went out (a failure must then be an error message, not an HTTP status). */
  public synchronized boolean started() {
    return out != null;
  }

  /** The response stream, if started, for the caller to close. */
  public synchronized java.util.Optional<OutputStream> stream() {
    return java.util.Optional.ofNullable(out);
  }

  /** A status line without an id ({@code Digest: ...}, {@code Status: ...}). */
  public void status(String status) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    write(m);
  }

  /** A status line of {@code id} (a layer's short digest, or the tag) with an empty progressDetail. */
  public void status(String id, String status) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    m.put("progressDetail", Map.of());
    m.put("id", id);
    write(m);
  }

  /** The first line of a pull: {@code {"status":"Pulling from library/busybox","id":"latest"}}. */
  public void header(String id, String status) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    m.put("id", id);
    write(m);
  }

  /** A progress line: bytes {@code current} of {@code total} (unknown when below 1). */
  public void progress(String id, String action, long current, long total) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", action);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("current", current);
    if (total > 0) detail.put("total", total);
    m.put("progressDetail", detail);
    m.put("progress", ProgressBar.render(current, total));
    m.put("id", id);
    write(m);
  }

  /** The push's result for the client ({@code {"progressDetail":{},"aux":{"Tag","Digest","Size"}}}). */
  public void aux(Map<String, Object> aux) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("progressDetail", Map.of());
    m.put("aux", aux);
    write(m);
  }

  /** The error that ends the stream; the docker CLI prints it and exits 1. */
  public void error(String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("errorDetail", Map.of("message", message));
    m.put("error", message);
    write(m);
  }

  private synchronized void write(Map<String, Object> message) {
    try {
      if (out == null) out = opener.open();
      out.write(Json.bytes(message));
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the client went away: the pull or push stops
    }
  }

  /** For callers that only need an id shortened as Docker does. */
  static String shortId(io.berth.oci.Digest d) {
    return d.hex().substring(0, 12);
  }
}
