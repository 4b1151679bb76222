package io.berth.http.server;

/**
 * Serves one request. Called on the connection's own virtual thread, so blocking (streaming logs,
 * waiting for a container) is cheap and expected; calls for different connections run concurrently.
 *
 * <p>The handler must send exactly one response through the exchange (or hijack it). If it returns
 * without responding the client gets a 500. An exception escaping it becomes a JSON error response
 * ({@link io.berth.http.HttpStatusException}: its status; anything else: 500) when nothing was sent
 * yet; otherwise the connection is closed, which the client sees as a truncated response. After a
 * hijack the connection is closed when this method returns.
 */
@FunctionalInterface
public interface Handler {
    void handle(Exchange exchange) throws Exception;
}
