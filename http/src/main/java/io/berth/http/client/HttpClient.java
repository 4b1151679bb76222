package io.berth.http.client;

import io.berth.http.ChunkedOutputStream;
import io.berth.http.Endpoint;
import io.berth.http.Headers;
import io.berth.http.HttpWire;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocking HTTP/1.1 client for one {@link Endpoint}. Every call opens its own connection (the CLI
 * makes few calls; no pool to go stale) and hands it to the returned {@link Response} or
 * {@link Upgraded}, which the caller must close. Thread-safe: it holds no connection state.
 *
 * <p>Errors: connection and protocol failures are {@link IOException}s
 * ({@link io.berth.http.HttpParseException} for a malformed response); HTTP error statuses are
 * not exceptions — check {@link Response#status()}.
 */
public final class HttpClient {
    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEAD_BYTES = 256 * 1024;
    private static final int MAX_HEADERS = 200;
    private final Endpoint endpoint;

    public HttpClient(Endpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * Sends {@code request} and returns once the response head has arrived; interim 1xx responses
     * are skipped. An InputStream body is streamed (chunked) by a virtual thread while the response
     * is awaited: if the server answers before the upload ends (an early error, or progress
     * output), {@code send} returns and the upload goes on until it ends or
     * {@link Response#close()} aborts it (close waits briefly for the uploader, so the caller's
     * stream is normally no longer read once close returns). An early answer wins over the broken pipe that follows.
     */
    public Response send(Request request) throws IOException {
        SocketChannel ch = endpoint.connect();
        try {
            Headers h = request.headers();
            if (!h.contains("Connection")) {
                h.set("Connection", "close");
            }
            Sent sent = transmit(ch, request, h);
            HttpWire.ResponseHead head = awaitHead(sent);
            InputStream body = HttpWire.responseBody(request.method(), head.status(), head.headers(), sent.in());
            return new Response(head.status(), head.reason(), head.headers(), body, ch, sent.uploader());
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(ch, e);
            throw e;
        }
    }

    /**
     * Sends {@code request} asking to take the connection over ({@code Connection: Upgrade},
     * {@code Upgrade: tcp} are added unless the request sets {@code Connection} itself — set e.g.
     * {@code Connection: keep-alive} to get a docker-java style 200 raw stream instead). The body,
     * if any, must be in memory. See {@link Upgraded} for what comes back on refusal.
     */
    public Upgraded upgrade(Request request) throws IOException {
        if (request.body().orElse(null) instanceof Request.Body.Stream) {
            throw new IllegalArgumentException("an upgrade request cannot stream its body");
        }
        SocketChannel ch = endpoint.connect();
        try {
            Headers h = request.headers();
            if (!h.contains("Connection")) {
                h.set("Connection", "Upgrade");
                if (!h.contains("Upgrade")) {
                    h.set("Upgrade", "tcp");
                }
            }
            Sent sent = transmit(ch, request, h);
            HttpWire.ResponseHead head = awaitHead(sent);
            BufferedInputStream in = sent.in();
            boolean framed = head.headers().contains("Content-Length") || head.headers().contains("Transfer-Encoding");
            InputStream stream = head.status() == 101 || (head.status() / 100 == 2 && !framed)
                    ? in
                    : HttpWire.responseBody(request.method(), head.status(), head.headers(), in);
            return new Upgraded(head.status(), head.headers(), stream, ch);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(ch, e);
            throw e;
        }
    }

    /** A request in flight: the input positioned at the response, and a body upload still running, if any. */
    private record Sent(BufferedInputStream in, Optional<Thread> uploader, CompletableFuture<Void> upload) {
    }

    /**
     * Writes head and body. An in-memory body is written here; a streamed body is written by a
     * virtual thread so that the response can be read at the same time: a server may answer (an
     * error, or progress output) before the upload ends, and a server that echoes while reading
     * would otherwise deadlock with us once both socket buffers are full.
     */
    private Sent transmit(SocketChannel ch, Request request, Headers h) throws IOException {
        if (!h.contains("Host")) {
            h.set("Host", endpoint.hostHeader());
        }
        h.remove("Content-Length").remove("Transfer-Encoding");
        var body = request.body();
        if (body.isPresent()) {
            switch (body.get()) {
                case Request.Body.Bytes b -> h.set("Content-Length", Integer.toString(b.bytes().length));
                case Request.Body.Stream s -> h.set("Transfer-Encoding", "chunked");
            }
        } else if (request.method().equals("POST") || request.method().equals("PUT")
                || request.method().equals("PATCH")) {
            h.set("Content-Length", "0");
        }
        BufferedInputStream in = new BufferedInputStream(Channels.newInputStream(ch), BUFFER);
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER);
        CompletableFuture<Void> upload = new CompletableFuture<>();
        try {
            HttpWire.writeHead(out, request.method() + " " + request.target() + " HTTP/1.1", h);
            if (body.orElse(null) instanceof Request.Body.Bytes b) {
                out.write(b.bytes());
            }
            out.flush();
        } catch (IOException writeFailed) {
            upload.completeExceptionally(writeFailed);
            return new Sent(in, Optional.empty(), upload);
        }
        if (body.orElse(null) instanceof Request.Body.Stream s) {
            Thread t = Thread.ofVirtual().name("berth-http-upload").start(() -> {
                try {
                    ChunkedOutputStream chunked = new ChunkedOutputStream(out, BUFFER);
                    s.in().transferTo(chunked);
                    chunked.close();
                    upload.complete(null);
                } catch (Throwable e) {
                    upload.completeExceptionally(e);
                }
            });
            return new Sent(in, Optional.of(t), upload);
        }
        upload.complete(null);
        return new Sent(in, Optional.empty(), upload);
    }

    /**
     * Reads the final response head. If none comes, the upload's failure (if any) is the more
     * useful error: the server answered early and closed, or the body stream itself failed.
     */
    private static HttpWire.ResponseHead awaitHead(Sent sent) throws IOException {
        try {
            return readFinalHead(sent.in());
        } catch (IOException readFailed) {
            Throwable uploadError = uploadError(sent);
            if (uploadError == null) {
                throw readFailed;
            }
            IOException e = uploadError instanceof IOException io ? io : new IOException("request body failed: " + uploadError, uploadError);
            e.addSuppressed(readFailed);
            throw e;
        }
    }

    private static Throwable uploadError(Sent sent) {
        try {
            // The read failed, so the connection is dead: the uploader ends promptly.
            sent.upload().get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (TimeoutException e) {
            return null;
        }
    }

    private static HttpWire.ResponseHead readFinalHead(InputStream in) throws IOException {
        while (true) {
            HttpWire.ResponseHead head = HttpWire.readResponseHead(in, MAX_HEAD_BYTES, MAX_HEADERS);
            if (head.status() / 100 != 1 || head.status() == 101) {
                return head;
            }
        }
    }

    private static void closeQuietly(SocketChannel ch, Throwable cause) {
        try {
            ch.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
