package io.berth.http.client;

import io.berth.http.Headers;
import io.berth.http.Transport;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * A connection taken over from HTTP after an upgrade (101) or a raw-stream answer (200), on either
 * side: the client gets it from {@link HttpClient#upgrade}, the server from
 * {@code Exchange.hijack}.
 *
 * <p>{@link #in()} starts exactly after the response head (bytes the peer sent along with the head
 * and already buffered are not lost). {@link #out()} writes straight to the socket (no buffering,
 * flush is a no-op). Reading and writing may happen on two threads at once; each stream must be used
 * by one thread at a time.
 *
 * <p>Half-close: {@link #closeWrite()} (also {@code out().close()}) shuts down the output side only,
 * so the peer sees EOF while this side keeps reading — {@code docker attach} ends stdin that way.
 * {@code in().close()} shuts down the input side. {@link #close()} closes the socket; it is
 * idempotent and may be called from any thread to abort blocked reads.
 *
 * <p>When the client's upgrade was refused (status neither 101 nor a 2xx raw stream), {@link #in()}
 * is the decoded response body (the JSON error) instead of a raw stream.
 */
public final class Upgraded implements AutoCloseable {
    private final int status;
    private final Headers headers;
    private final Transport transport;
    private final InputStream in;
    private final OutputStream out;
    private volatile boolean writeClosed;

    /**
     * @param in the connection's (buffered) input positioned after the head, or a decoded body
     * @param channel the connection; owned by this object from now on
     */
    public Upgraded(int status, Headers headers, InputStream in, SocketChannel channel) {
        this(status, headers, in, new Transport.Plain(Objects.requireNonNull(channel)));
    }

    /**
     * @param in the connection's (buffered) input positioned after the head, or a decoded body
     * @param transport the connection (plain or TLS); owned by this object from now on
     */
    public Upgraded(int status, Headers headers, InputStream in, Transport transport) {
        this.status = status;
        this.headers = Objects.requireNonNull(headers);
        this.transport = Objects.requireNonNull(transport);
        this.in = new FilterInputStream(Objects.requireNonNull(in)) {
            @Override
            public void close() throws IOException {
                if (transport.isOpen()) {
                    transport.shutdownInput();
                }
            }
        };
        OutputStream raw;
        try {
            raw = transport.out();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                raw.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                raw.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                closeWrite();
            }
        };
    }

    /** 101 (upgraded), 200 (raw stream), or the error status of a refused upgrade. */
    public int status() {
        return status;
    }

    /** The response head's headers (on the server: the ones it sent). */
    public Headers headers() {
        return headers;
    }

    public InputStream in() {
        return in;
    }

    public OutputStream out() {
        return out;
    }

    /** Half-close: the peer reads EOF, this side can still read. Idempotent. */
    public void closeWrite() throws IOException {
        if (writeClosed) {
            return;
        }
        writeClosed = true;
        if (transport.isOpen()) {
            transport.shutdownOutput();
        }
    }

    /** Closes the connection. Idempotent. */
    @Override
    public void close() throws IOException {
        // May be called from another thread to abort blocked reads: no TLS goodbye that could block.
        transport.abort();
    }
}
