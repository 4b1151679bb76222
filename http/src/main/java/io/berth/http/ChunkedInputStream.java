package io.berth.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes a chunked body (RFC 9112 §7.1) from an underlying stream positioned at its first
 * chunk-size line. Returns -1 after the last chunk and its trailer section, which is read and
 * discarded; the underlying stream is then positioned at the next message. Chunk extensions are
 * ignored. Size lines are limited to 4 KiB and trailers to 64 KiB / 100 fields
 * ({@link HttpParseException}); a truncated body fails with {@link EOFException}.
 *
 * <p>{@link #close()} does not close the underlying stream (it belongs to the connection).
 * Not thread-safe.
 */
public final class ChunkedInputStream extends InputStream {
    private static final int MAX_SIZE_LINE = 4096;
    private final InputStream in;
    private long remaining;
    private boolean started;
    private boolean eof;

    public ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (eof || (remaining == 0 && !nextChunk())) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("connection closed in the middle of a chunked body");
        }
        remaining -= n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return eof ? 0 : (int) Math.min(remaining, in.available());
    }

    /** Whether the terminating chunk has been read. */
    public boolean finished() {
        return eof;
    }

    /** Moves to the next chunk; false (and eof) at the last chunk. */
    private boolean nextChunk() throws IOException {
        if (started) {
            String crlf = line(2);
            if (!crlf.isEmpty()) {
                throw new HttpParseException("missing CRLF after chunk data");
            }
        }
        started = true;
        String sizeLine = line(MAX_SIZE_LINE);
        int end = 0;
        while (end < sizeLine.length() && Character.digit(sizeLine.charAt(end), 16) >= 0) {
            end++;
        }
        String rest = sizeLine.substring(end).stripLeading();
        if (end == 0 || end > 15 || !(rest.isEmpty() || rest.startsWith(";"))) {
            throw new HttpParseException("malformed chunk size line");
        }
        long size = Long.parseLong(sizeLine.substring(0, end), 16);
        if (size == 0) {
            readTrailers();
            eof = true;
            return false;
        }
        remaining = size;
        return true;
    }

    private void readTrailers() throws IOException {
        int budget = HttpWire.DEFAULT_MAX_HEAD_BYTES;
        for (int fields = 0; ; fields++) {
            String t = line(budget);
            if (t.isEmpty()) {
                return;
            }
            budget -= t.length() + 2;
            if (fields >= HttpWire.DEFAULT_MAX_HEADERS || budget <= 0) {
                throw new HttpParseException(431, "chunked trailer section too large");
            }
        }
    }

    /** Reads a CRLF- (or LF-) terminated line of at most {@code max} bytes. */
    private String line(int max) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed in the middle of a chunked body");
            }
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            if (sb.length() >= max) {
                throw new HttpParseException("chunk framing line too long");
            }
            sb.append((char) c);
        }
    }

    @Override
    public void close() {
        // The connection owns the underlying stream.
    }
}
