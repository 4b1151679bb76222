package io.berth.engine.api;

import io.berth.http.Headers;
import io.berth.http.server.Exchange;
import io.berth.http.server.Handler;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The HTTP handler of berthd: negotiates the version, routes, and turns every failure into Docker's
 * {@code {"message": ...}} body with the status from {@link ErrorMapper}. Every response carries the
 * headers the docker CLI reads ({@code API-Version} drives its negotiation).
 */
public final class ApiServer implements Handler {
  private final Router router;
  private final String serverVersion;
  private final Consumer<String> debug;

  public ApiServer(Router router, String serverVersion, Consumer<String> debug) {
    this.router = router;
    this.serverVersion = serverVersion;
    this.debug = debug;
  }

  /** Headers sent with every answer. */
  public Headers commonHeaders() {
    Headers h = new Headers();
    h.set("Api-Version", ApiVersion.CURRENT.toString());
    h.set("Docker-Experimental", "false");
    h.set("Ostype", "linux");
    h.set("Server", "Berth/" + serverVersion + " (linux)");
    return h;
  }

  @Override
  public void handle(Exchange raw) throws Exception {
    Exchange exchange = new CommonHeadersExchange(raw, commonHeaders());
    long t0 = System.nanoTime();
    debug.accept(exchange.method() + " " + exchange.rawTarget());
    try {
      switch (router.match(exchange)) {
        case Router.Match.Found f -> {
          f.handler().handle(new ApiRequest(exchange, f.params(), f.version()));
          debug.accept("  done " + exchange.method() + " " + exchange.path() + " in "
              + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
        case Router.Match.MethodNotAllowed m -> sendError(exchange, 405, "method not allowed");
        case Router.Match.NotFound n -> sendError(exchange, 404, "page not found");
      }
    } catch (Exception | StackOverflowError e) {
      int status = ErrorMapper.status(e);
      if (exchange.responded() && e instanceof java.io.IOException) {
        // a client that stops reading a stream (docker-compose logs -f | head) is not a daemon fault
        debug.accept("  client went away: " + e.getMessage());
      } else if (status == 500 && !(e instanceof BerthException)) {
        System.err.println("berthd: internal error on " + exchange.method() + " " + exchange.rawTarget());
        e.printStackTrace();
      } else {
        debug.accept("  -> " + status + " " + e.getMessage());
      }
      if (exchange.responded()) throw e; // mid-stream: the server closes the connection
      if (status == 304) {
        exchange.respondEmpty(304);
      } else {
        sendError(exchange, status, ErrorMapper.message(e));
      }
    }
  }

  private static void sendError(Exchange exchange, int status, String message) throws java.io.IOException {
    exchange.respondJson(status, Json.bytes(Map.of("message", message)));
  }
}
