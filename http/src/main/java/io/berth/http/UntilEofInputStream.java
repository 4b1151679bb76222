package io.berth.http;

import java.io.FilterInputStream;
import java.io.InputStream;

/**
 * A body delimited by the peer closing the connection (a response without Content-Length or
 * chunking). {@link #close()} leaves the underlying stream open; the connection owner closes it.
 */
public final class UntilEofInputStream extends FilterInputStream {
    public UntilEofInputStream(InputStream in) {
        super(in);
    }

    @Override
    public void close() {
        // The connection owns the underlying stream.
    }
}
