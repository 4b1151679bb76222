package io.berth.http.server;

import io.berth.http.HttpWire;
import io.berth.http.Headers;
import io.berth.http.client.Upgraded;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One request and its response. Used by one thread (the connection's) at a time; the streams
 * returned by {@link #respondChunked} and {@link #hijack} may be handed to other threads while
 * the handler waits for them.
 *
 * <p>Lifecycle: read the request (head, then optionally {@link #body()}), then send exactly one
 * response with one of {@code respond*} or {@link #hijack}. A second response attempt throws
 * {@link IllegalStateException}. The response head is written (and flushed) when the respond
 * method is called. Unread request body bytes are discarded afterwards (or the connection is
 * closed if there are too many).
 */
public interface Exchange {

    /** The request method as sent ("GET"; methods are case-sensitive). */
    String method();

    /** The percent-decoded path without the query, e.g. {@code /v1.47/containers/json}. */
    String path();

    /** The path as sent, still percent-encoded. */
    String rawPath();

    /** The request target as sent: raw path plus '?' and raw query, if any. */
    String rawTarget();

    /** "HTTP/1.1" or "HTTP/1.0". */
    String version();

    /** The decoded query parameters. */
    QueryParams query();

    /** The request headers. */
    Headers headers();

    /** Whether the client asked to upgrade the connection ({@code Connection: Upgrade}): attach/exec. */
    default boolean wantsUpgrade() {
        return headers().hasToken("Connection", "upgrade");
    }

    /**
     * The request body, decoded from Content-Length or chunked framing; empty when there is none.
     * Answers {@code Expect: 100-continue} on first read. May be called only once.
     */
    InputStream body() throws IOException;

    /** Sends a complete response with {@code body} (not sent for HEAD; Content-Length is set). */
    void respond(int status, Headers headers, byte[] body) throws IOException;

    /** Sends {@code json} as {@code application/json}. */
    default void respondJson(int status, byte[] json) throws IOException {
        respond(status, Headers.of("Content-Type", "application/json"), json);
    }

    /** Docker's error body {@code {"message":"..."}} with {@code status}. */
    default void respondError(int status, String message) throws IOException {
        respondJson(status, HttpWire.errorJson(message));
    }

    /** Plain text, UTF-8. */
    default void respondText(int status, String text) throws IOException {
        respond(status, Headers.of("Content-Type", "text/plain; charset=utf-8"), text.getBytes(StandardCharsets.UTF_8));
    }

    /** A response without a body: 204, 304, or e.g. 201/200 with Content-Length 0. */
    void respondEmpty(int status) throws IOException;

    /**
     * Starts a streamed response: the head is sent immediately, then everything written to the
     * returned stream as chunks. {@code flush()} pushes buffered bytes to the client at once;
     * {@code close()} ends the body (the server also ends it when the handler returns). For HEAD
     * requests the stream discards what is written.
     */
    OutputStream respondChunked(int status, Headers headers) throws IOException;

    /**
     * Starts a streamed response of exactly {@code length} bytes, framed by Content-Length (blobs
     * whose size clients show or check). The head is sent immediately; the handler then writes
     * the body to the returned stream. Writing more than {@code length} bytes throws; when fewer
     * were written by the time the handler returns, the connection is closed so the client sees
     * a truncated response. For HEAD requests the head (with the Content-Length) is sent and the
     * stream discards what is written. The default frames the body with chunks instead.
     */
    default OutputStream respondFixedLength(int status, Headers headers, long length) throws IOException {
        return respondChunked(status, headers);
    }

    /**
     * Takes the connection over. Status 101 adds {@code Connection: Upgrade} and {@code Upgrade}
     * (echoing the client's, default "tcp"); a 2xx status (docker-java style hijack) sends a head
     * without body framing, then a raw stream. Any unread request body is drained first. The
     * connection is never reused and is closed when the handler returns.
     */
    Upgraded hijack(int status, Headers headers) throws IOException;

    /** Whether a response head has been sent (or the exchange was hijacked). */
    boolean responded();
}
