package io.berth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A deliberately tiny HTTP/1.1 client for the Engine API over a unix socket: one connection per request,
 * {@code Connection: close}, Content-Length or chunked bodies. Tests use it to send what a typed client
 * would refuse to (malformed JSON, raw status checks) and the test daemon uses it for {@code /_ping} and
 * cleanup, so the testkit does not depend on the {@code client} module being right.
 *
 * <p>Thread-safe (no shared state). Every call has a timeout; I/O failures are {@link UncheckedIOException}.
 */
public final class EngineHttp {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  private final Path socket;

  public EngineHttp(Path socket) { this.socket = socket; }

  public Path socket() { return socket; }

  /** A complete response. Header names are lower-case. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    public String text() { return new String(body, StandardCharsets.UTF_8); }

    public JsonNode json() {
      try { return Json.mapper().readTree(body); }
      catch (IOException e) { throw new UncheckedIOException("not json (" + status + "): " + text(), e); }
    }

    public Optional<String> header(String name) { return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))); }

    @Override public String toString() { return "HTTP " + status + " " + text(); }
  }

  public Response get(String path) { return send("GET", path, null, null, DEFAULT_TIMEOUT); }

  public Response delete(String path) { return send("DELETE", path, null, null, DEFAULT_TIMEOUT); }

  public Response post(String path) { return send("POST", path, null, null, DEFAULT_TIMEOUT); }

  public Response postJson(String path, String json) {
    return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8), DEFAULT_TIMEOUT);
  }

  /** Sends one request; {@code body} and {@code contentType} may be null. */
  public Response send(String method, String path, String contentType, byte[] body, Duration timeout) {
    try (var ch = SocketChannel.open(StandardProtocolFamily.UNIX);
         var exec = Executors.newVirtualThreadPerTaskExecutor()) {
      var task = exec.submit(() -> exchange(ch, method, path, contentType, body));
      try {
        return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        ch.close(); // unblocks the reader
        throw new UncheckedIOException(new IOException(method + " " + path + ": no response within " + timeout));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof IOException io) throw new UncheckedIOException(method + " " + path + ": " + io.getMessage(), io);
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True if {@code GET /_ping} answers 200 within a second. */
  public boolean ping() {
    try {
      return send("GET", "/_ping", null, null, Duration.ofSeconds(1)).status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private Response exchange(SocketChannel ch, String method, String path, String contentType, byte[] body) throws IOException {
    ch.connect(UnixDomainSocketAddress.of(socket));
    var head = new StringBuilder()
        .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: berth\r\nUser-Agent: berth-testkit\r\nConnection: close\r\n");
    if (contentType != null) head.append("Content-Type: ").append(contentType).append("\r\n");
    if (body != null || method.equals("POST")) head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
    head.append("\r\n");
    var out = Channels.newOutputStream(ch);
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) out.write(body);
    out.flush();
    InputStream in = Channels.newInputStream(ch);
    String status = line(in);
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("bad status line: " + status);
    var headers = new TreeMap<String, String>();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int c = l.indexOf(':');
      if (c > 0) headers.put(l.substring(0, c).strip().toLowerCase(Locale.ROOT), l.substring(c + 1).strip());
    }
    byte[] payload;
    if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
      var buf = new ByteArrayOutputStream();
      for (int n = chunkSize(line(in)); n > 0; n = chunkSize(line(in))) {
        buf.write(in.readNBytes(n));
        line(in);
      }
      payload = buf.toByteArray();
    } else if (headers.containsKey("content-length")) {
      payload = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else if (method.equals("HEAD") || parts[1].equals("204") || parts[1].equals("304")) {
      payload = new byte[0];
    } else {
      payload = in.readAllBytes();
    }
    return new Response(Integer.parseInt(parts[1]), Map.copyOf(headers), payload);
  }

  private static int chunkSize(String line) {
    int semi = line.indexOf(';');
    return Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).strip(), 16);
  }

  private static String line(InputStream in) throws IOException {
    var sb = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        if (sb.isEmpty()) throw new IOException("connection closed before the response was complete");
        break;
      }
      if (b != '\r') sb.append((char) b);
    }
    return sb.toString();
  }
}
