package io.berth.http.server;

import io.berth.http.ChunkedInputStream;
import io.berth.http.ChunkedOutputStream;
import io.berth.http.FixedLengthInputStream;
import io.berth.http.Headers;
import io.berth.http.HttpWire;
import io.berth.http.client.Upgraded;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The server's {@link Exchange}: one request on a {@link Connection}. */
final class ServerExchange implements Exchange {
    /** Unread request body up to this size is discarded to keep the connection; more closes it. */
    static final long DRAIN_LIMIT = 1024 * 1024;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Connection conn;
    private final HttpWire.RequestHead head;
    private final String rawPath;
    private final String rawQuery;
    private final String path;
    private final InputStream framedBody;
    private final boolean expectContinue;
    private QueryParams query;
    private boolean bodyTaken;
    private boolean continueSent;
    private boolean responded;
    private boolean hijacked;
    private boolean closeAfter;
    private int status;
    private OutputStream stream;

    /** @throws io.berth.http.HttpStatusException 400 for an undecodable path */
    ServerExchange(Connection conn, HttpWire.RequestHead head, InputStream framedBody, boolean expectContinue) {
        this.conn = conn;
        this.head = head;
        String target = head.target();
        int q = target.indexOf('?');
        this.rawPath = q < 0 ? target : target.substring(0, q);
        this.rawQuery = q < 0 ? "" : target.substring(q + 1);
        this.path = QueryParams.decode(rawPath, false);
        this.framedBody = framedBody;
        this.expectContinue = expectContinue;
    }

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public String rawTarget() {
        return head.target();
    }

    @Override
    public String version() {
        return head.version();
    }

    @Override
    public QueryParams query() {
        if (query == null) {
            query = QueryParams.parse(rawQuery);
        }
        return query;
    }

    @Override
    public Headers headers() {
        return head.headers();
    }

    @Override
    public InputStream body() {
        if (bodyTaken) {
            throw new IllegalStateException("request body already taken");
        }
        bodyTaken = true;
        return new FilterInputStream(framedBody) {
            @Override
            public int read() throws IOException {
                sendContinue();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                sendContinue();
                return super.read(b, off, len);
            }

            @Override
            public long skip(long n) throws IOException {
                sendContinue();
                return super.skip(n);
            }

            @Override
            public void close() {
                // The connection owns the socket; leftovers are drained after the response.
            }
        };
    }

    @Override
    public void respond(int status, Headers headers, byte[] body) throws IOException {
        if (status < 200 || status > 999) {
            throw new IllegalArgumentException("not a final status: " + status);
        }
        Headers h = headers.copy().remove("Transfer-Encoding");
        boolean noBody = status == 204 || status == 304;
        if (noBody) {
            if (body.length > 0) {
                throw new IllegalArgumentException("status " + status + " cannot have a body");
            }
            h.remove("Content-Length");
        } else if (!(isHead() && h.contains("Content-Length"))) {
            // A HEAD handler may announce the size of the body it would send.
            h.set("Content-Length", Integer.toString(body.length));
        }
        writeHead(status, h);
        if (!noBody && !isHead()) {
            conn.out.write(body);
        }
        conn.out.flush();
    }

    @Override
    public void respondEmpty(int status) throws IOException {
        respond(status, new Headers(), new byte[0]);
    }

    @Override
    public OutputStream respondChunked(int status, Headers headers) throws IOException {
        if (status < 200 || status > 999) {
            throw new IllegalArgumentException("not a final status: " + status);
        }
        Headers h = headers.copy().remove("Content-Length").remove("Transfer-Encoding");
        boolean noBody = status == 204 || status == 304 || isHead();
        if (head.http10()) {
            // HTTP/1.0 has no chunking: the body ends when we close the connection.
            closeAfter = true;
        } else if (status != 204 && status != 304) {
            h.set("Transfer-Encoding", "chunked");
        }
        writeHead(status, h);
        conn.out.flush();
        if (noBody) {
            stream = OutputStream.nullOutputStream();
        } else if (head.http10()) {
            stream = new java.io.FilterOutputStream(conn.out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }
            };
        } else {
            stream = new ChunkedOutputStream(conn.out, 16 * 1024);
        }
        return stream;
    }

    @Override
    public OutputStream respondFixedLength(int status, Headers headers, long length) throws IOException {
        if (status < 200 || status > 999 || status == 204 || status == 304) {
            throw new IllegalArgumentException("not a status with a body: " + status);
        }
        if (length < 0) {
            throw new IllegalArgumentException("negative length: " + length);
        }
        Headers h = headers.copy().remove("Transfer-Encoding").set("Content-Length", Long.toString(length));
        writeHead(status, h);
        conn.out.flush();
        if (isHead()) {
            stream = OutputStream.nullOutputStream();
            return stream;
        }
        stream = new java.io.FilterOutputStream(conn.out) {
            private long left = length;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > left) {
                    throw new IOException("response body longer than its Content-Length " + length);
                }
                out.write(b, off, len);
                left -= len;
            }

            @Override
            public void close() throws IOException {
                out.flush();
                if (left > 0) {
                    // The client was promised more: only closing the connection can tell it.
                    closeAfter = true;
                }
            }
        };
        return stream;
    }

    @Override
    public Upgraded hijack(int status, Headers headers) throws IOException {
        if (status != 101 && status / 100 != 2) {
            throw new IllegalArgumentException("cannot hijack with status " + status);
        }
        ensureNotResponded();
        sendContinue();
        if (!drain(framedBody, DRAIN_LIMIT)) {
            throw new IOException("request body too large to hijack the connection");
        }
        Headers h = headers.copy().remove("Content-Length").remove("Transfer-Encoding");
        if (status == 101) {
            h.set("Connection", "Upgrade");
            h.set("Upgrade", head.headers().first("Upgrade").orElse("tcp"));
        }
        hijacked = true;
        closeAfter = true;
        this.status = status;
        responded = true;
        HttpWire.writeHead(conn.out, "HTTP/1.1 " + status + " " + HttpWire.reason(status), h);
        conn.out.flush();
        // From now on the handler owns the raw socket; bytes the client pipelined after the head are
        // still in conn.in's buffer, which is why Upgraded reads from it and not from the channel.
        return new Upgraded(status, h, conn.in, conn.transport);
    }

    @Override
    public boolean responded() {
        return responded;
    }

    boolean hijacked() {
        return hijacked;
    }

    /** Whether the connection must close after this exchange. */
    boolean closeAfter() {
        return closeAfter;
    }

    int status() {
        return status;
    }

    /** Ends a streamed body the handler left open and flushes. */
    void finish() throws IOException {
        if (stream != null) {
            stream.close();
        }
        conn.out.flush();
    }

    /** Discards what is left of the request body; false when more than {@code limit} remains. */
    boolean drainBody() throws IOException {
        if (expectContinue && !continueSent && bodyRemains()) {
            return false;
        }
        return drain(framedBody, DRAIN_LIMIT);
    }

    private boolean isHead() {
        return head.method().equals("HEAD");
    }

    private boolean bodyRemains() {
        return switch (framedBody) {
            case FixedLengthInputStream f -> f.remaining() > 0;
            case ChunkedInputStream c -> !c.finished();
            default -> false;
        };
    }

    private void sendContinue() throws IOException {
        if (expectContinue && !continueSent && !responded && bodyRemains()) {
            continueSent = true;
            conn.out.write(CONTINUE);
            conn.out.flush();
        }
    }

    private void writeHead(int status, Headers h) throws IOException {
        ensureNotResponded();
        boolean close = closeAfter
                || head.http10()
                || head.headers().hasToken("Connection", "close")
                || h.hasToken("Connection", "close")
                || conn.serverClosing()
                // The client waits for a 100 we never sent, so it may or may not send the body.
                || (expectContinue && !continueSent && bodyRemains())
                || (framedBody instanceof FixedLengthInputStream f && f.remaining() > DRAIN_LIMIT);
        if (close) {
            closeAfter = true;
            h.set("Connection", "close");
        }
        responded = true;
        this.status = status;
        HttpWire.writeHead(conn.out, "HTTP/1.1 " + status + " " + HttpWire.reason(status), h);
    }

    private void ensureNotResponded() {
        if (responded) {
            throw new IllegalStateException("response already sent");
        }
    }

    private static boolean drain(InputStream in, long limit) throws IOException {
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
            if (total > limit) {
                return false;
            }
        }
        return true;
    }
}
