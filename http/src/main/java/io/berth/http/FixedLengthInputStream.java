package io.berth.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Exactly {@code length} bytes of an underlying stream (a Content-Length body). A peer that closes
 * early causes an {@link EOFException} rather than a silently short body. {@link #close()} leaves
 * the underlying stream open. Not thread-safe.
 */
public final class FixedLengthInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    public FixedLengthInputStream(InputStream in, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        this.in = in;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int b = in.read();
        if (b < 0) {
            throw truncated();
        }
        remaining--;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw truncated();
        }
        remaining -= n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(remaining, in.available());
    }

    /** Bytes not read yet. */
    public long remaining() {
        return remaining;
    }

    private EOFException truncated() {
        return new EOFException("connection closed with " + remaining + " bytes of the body missing");
    }

    @Override
    public void close() {
        // The connection owns the underlying stream.
    }
}
