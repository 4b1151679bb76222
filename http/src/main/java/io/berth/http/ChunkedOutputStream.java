package io.berth.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a chunked body. Small writes are gathered into chunks of up to {@code bufferSize}
 * bytes; {@link #flush()} emits what is buffered as a chunk and flushes the underlying stream, so
 * a streaming producer ({@code docker logs -f}) reaches the peer at once. {@link #close()} writes
 * the terminating zero-size chunk and flushes, but leaves the underlying stream open (it belongs
 * to the connection). Idempotent close; writes after close fail. Not thread-safe.
 */
public final class ChunkedOutputStream extends OutputStream {
    private static final byte[] CRLF = {'\r', '\n'};
    private final OutputStream out;
    private final byte[] buf;
    private int count;
    private boolean closed;

    public ChunkedOutputStream(OutputStream out, int bufferSize) {
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("buffer size must be positive");
        }
        this.out = out;
        this.buf = new byte[bufferSize];
    }

    public ChunkedOutputStream(OutputStream out) {
        this(out, 16 * 1024);
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (count == buf.length) {
            emitBuffered();
        }
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (len == 0) {
            return;
        }
        if (count + len <= buf.length) {
            System.arraycopy(b, off, buf, count, len);
            count += len;
            return;
        }
        emitBuffered();
        if (len >= buf.length) {
            chunk(b, off, len);
        } else {
            System.arraycopy(b, off, buf, 0, len);
            count = len;
        }
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        emitBuffered();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        emitBuffered();
        out.write(new byte[] {'0', '\r', '\n', '\r', '\n'});
        out.flush();
    }

    private void emitBuffered() throws IOException {
        if (count > 0) {
            chunk(buf, 0, count);
            count = 0;
        }
    }

    private void chunk(byte[] b, int off, int len) throws IOException {
        out.write(Integer.toHexString(len).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        out.write(b, off, len);
        out.write(CRLF);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("chunked body already closed");
        }
    }
}
