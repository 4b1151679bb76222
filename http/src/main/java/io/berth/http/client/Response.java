package io.berth.http.client;

import io.berth.http.Headers;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A received response whose body has not been read yet. The body is decoded (chunked,
 * Content-Length, or until the server closes). The response owns its connection: {@link #close()}
 * (also closing {@link #body()}, or reading it with {@link #bodyBytes()}/{@link #bodyString()})
 * closes the socket. Not thread-safe, except that {@link #close()} may be called from another
 * thread to abort a blocked read (e.g. a streaming {@code logs -f}).
 */
public final class Response implements AutoCloseable {
    private final int status;
    private final String reason;
    private final Headers headers;
    private final InputStream body;
    private final SocketChannel channel;
    private final Optional<Thread> uploader;

    Response(int status, String reason, Headers headers, InputStream decodedBody, SocketChannel channel,
            Optional<Thread> uploader) {
        this.uploader = uploader;
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.channel = channel;
        this.body = new FilterInputStream(decodedBody) {
            @Override
            public void close() throws IOException {
                Response.this.close();
            }
        };
    }

    public int status() {
        return status;
    }

    /** The reason phrase as sent (may be empty). */
    public String reason() {
        return reason;
    }

    public Headers headers() {
        return headers;
    }

    /** The decoded body; closing it closes the connection. */
    public InputStream body() {
        return body;
    }

    /** Reads the whole body and closes the connection. */
    public byte[] bodyBytes() throws IOException {
        try (InputStream in = body) {
            return in.readAllBytes();
        }
    }

    /** Reads the whole body as UTF-8 and closes the connection. */
    public String bodyString() throws IOException {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    /** Whether the status is 2xx. */
    public boolean successful() {
        return status / 100 == 2;
    }

    /** Closes the connection, aborting a request body upload still running, and waits (up to 5 s) for it. Idempotent. */
    @Override
    public void close() throws IOException {
        channel.close();
        if (uploader.isPresent() && uploader.get() != Thread.currentThread()) {
            try {
                // Bounded: the caller's stream may block in read (a pipe), which closing cannot interrupt.
                uploader.get().join(java.time.Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "Response[" + status + " " + reason + "]";
    }
}
