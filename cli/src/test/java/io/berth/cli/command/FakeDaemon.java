package io.berth.cli.command;

import io.berth.http.Endpoint;
import io.berth.http.Headers;
import io.berth.http.server.Exchange;
import io.berth.http.server.HttpServer;
import io.berth.http.server.ServerOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A scripted Engine API on a unix socket for command tests: answers the ping (API 1.47) and hands
 * every other request, its version prefix removed, to {@link Route}; records each request as
 * "METHOD /target body".
 */
final class FakeDaemon implements AutoCloseable {
  /** A canned answer. */
  record Reply(int status, String json) {}

  @FunctionalInterface
  interface Route {
    Reply answer(String method, String path, String query, String body) throws IOException;
  }

  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  /** The {@code X-Registry-Auth} header of each request that had one. */
  final List<String> registryAuth = Collections.synchronizedList(new ArrayList<>());
  private final HttpServer server;
  private final Path socket;

  private FakeDaemon(Path socket, Route route) throws IOException {
    this.socket = socket;
    this.server = HttpServer.start(List.of(new Endpoint.Unix(socket)), ex -> serve(ex, route), ServerOptions.defaults());
  }

  static FakeDaemon start(Path dir, Route route) throws IOException {
    return new FakeDaemon(dir.resolve("fake.sock"), route);
  }

  /** The {@code -H} value for this daemon. */
  String host() { return "unix://" + socket; }

  private void serve(Exchange ex, Route route) throws Exception {
    if (ex.path().equals("/_ping")) {
      ex.respond(200, Headers.of("API-Version", "1.47", "Content-Type", "text/plain"), "OK".getBytes(StandardCharsets.UTF_8));
      return;
    }
    String body = new String(ex.body().readAllBytes(), StandardCharsets.UTF_8);
    ex.headers().first("X-Registry-Auth").ifPresent(registryAuth::add);
    requests.add(ex.method() + " " + ex.rawTarget() + (body.isEmpty() ? "" : " " + body));
    String path = ex.path().replaceFirst("^/v1\\.\\d+", "");
    String raw = ex.rawTarget();
    Reply r = route.answer(ex.method(), path, raw.contains("?") ? raw.substring(raw.indexOf('?') + 1) : "", body);
    ex.respondJson(r.status(), r.json().getBytes(StandardCharsets.UTF_8));
  }

  @Override public void close() {
    server.close();
  }
}
