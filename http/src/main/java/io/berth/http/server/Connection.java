package io.berth.http.server;

import io.berth.http.Headers;
import io.berth.http.HttpParseException;
import io.berth.http.HttpStatusException;
import io.berth.http.HttpWire;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import io.berth.http.Transport;
import javax.net.ssl.SSLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/** One accepted connection, served request after request on its own virtual thread. */
final class Connection implements Runnable {
    private static final int BUFFER = 16 * 1024;
    /** How long a closing connection keeps reading so the client can read our last response. */
    private static final Duration LINGER = Duration.ofMillis(500);

    final Transport transport;
    final BufferedInputStream in;
    final BufferedOutputStream out;
    private final HttpServer server;
    private volatile boolean idle = true;

    Connection(HttpServer server, Transport transport) throws IOException {
        this.server = server;
        this.transport = transport;
        this.in = new BufferedInputStream(transport.in(), BUFFER);
        this.out = new BufferedOutputStream(transport.out(), BUFFER);
    }

    /** Waiting for (the head of) a request, as opposed to serving one. */
    boolean idle() {
        return idle;
    }

    boolean serverClosing() {
        return server.closing();
    }

    /** Closes the socket at once (timers, server shutdown: other threads than the connection's). */
    void closeQuietly() {
        try {
            transport.abort();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    @Override
    public void run() {
        try {
            serve();
        } catch (SSLException e) {
            // Mostly a failed handshake (untrusted certificate, plain HTTP sent to the TLS port).
            server.options().requestLogger().accept("tls: " + e.getMessage());
        } catch (IOException e) {
            // The peer went away, the idle timer fired, or the server is closing: nothing to answer.
        } finally {
            try {
                transport.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
            server.remove(this);
        }
    }

    private void serve() throws IOException {
        ServerOptions options = server.options();
        while (!server.closing()) {
            idle = true;
            Optional<HttpWire.RequestHead> maybeHead;
            ScheduledFuture<?> timer = armIdleTimer(options.idleTimeout());
            try {
                maybeHead = HttpWire.readRequestHead(in, options.maxHeaderBytes(), options.maxHeaders());
            } catch (HttpParseException e) {
                rejectAndClose(e.status(), e.getMessage());
                return;
            } finally {
                if (timer != null) {
                    timer.cancel(false);
                }
            }
            if (maybeHead.isEmpty()) {
                return;
            }
            idle = false;
            HttpWire.RequestHead head = maybeHead.get();
            long started = System.nanoTime();
            ServerExchange ex;
            try {
                InputStream body = HttpWire.requestBody(head.headers(), in);
                Optional<String> expect = head.headers().first("Expect");
                if (expect.isPresent() && !expect.get().equalsIgnoreCase("100-continue")) {
                    rejectAndClose(417, "unsupported expectation: " + expect.get());
                    return;
                }
                ex = new ServerExchange(this, head, body, expect.isPresent() && !head.http10());
            } catch (HttpParseException e) {
                rejectAndClose(e.status(), e.getMessage());
                return;
            } catch (HttpStatusException e) {
                rejectAndClose(e.status(), e.getMessage());
                return;
            }
            boolean healthy = invoke(ex);
            log(head, ex, started);
            if (ex.hijacked() || !healthy) {
                return;
            }
            ex.finish();
            if (ex.closeAfter() || !ex.drainBody()) {
                lingerClose();
                return;
            }
        }
    }

    /** Runs the handler; false when the connection is no longer usable. */
    private boolean invoke(ServerExchange ex) throws IOException {
        try {
            server.handler().handle(ex);
            if (!ex.responded()) {
                ex.respondError(500, "no response from handler for " + ex.method() + " " + ex.path());
            }
            return true;
        } catch (HttpStatusException e) {
            return answerFailure(ex, e.status(), e.getMessage());
        } catch (IOException e) {
            // Usually the client went away mid-response; if not, still try to say so.
            return !transport.isOpen() ? false : answerFailure(ex, 500, String.valueOf(e.getMessage()));
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            server.options().requestLogger().accept("handler failed for " + ex.method() + " " + ex.rawTarget() + ": " + e);
            return answerFailure(ex, 500, msg);
        }
    }

    private boolean answerFailure(ServerExchange ex, int status, String message) throws IOException {
        if (ex.responded()) {
            // Part of a response is out: closing is the only way to tell the client it is incomplete.
            return false;
        }
        ex.respondError(status, message);
        return true;
    }

    /** Answers a request we could not parse, then closes (its framing is unknown). */
    private void rejectAndClose(int status, String message) throws IOException {
        idle = false;
        byte[] body = HttpWire.errorJson(message);
        Headers h = Headers.of("Content-Type", "application/json", "Content-Length", Integer.toString(body.length),
                "Connection", "close");
        HttpWire.writeHead(out, "HTTP/1.1 " + status + " " + HttpWire.reason(status), h);
        out.write(body);
        out.flush();
        server.options().requestLogger().accept("rejected request: " + status + " " + message);
        lingerClose();
    }

    /**
     * Half-closes and discards input for a moment before closing: closing a socket with unread
     * input makes the kernel reset it (TCP RST), which can destroy the response the client has
     * not read yet.
     */
    private void lingerClose() {
        try {
            out.flush();
            transport.shutdownOutput();
            Optional<ScheduledFuture<?>> stop = server.schedule(this::closeQuietly, LINGER);
            if (stop.isEmpty()) {
                return;
            }
            try {
                byte[] buf = new byte[8192];
                long total = 0;
                int n;
                while (total < 4 * ServerExchange.DRAIN_LIMIT && (n = in.read(buf)) >= 0) {
                    total += n;
                }
            } finally {
                stop.get().cancel(false);
            }
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            closeQuietly();
        }
    }

    private ScheduledFuture<?> armIdleTimer(Duration timeout) {
        if (timeout.isZero()) {
            return null;
        }
        return server.schedule(this::closeQuietly, timeout).orElse(null);
    }

    private void log(HttpWire.RequestHead head, ServerExchange ex, long startedNanos) {
        try {
            long ms = (System.nanoTime() - startedNanos) / 1_000_000;
            server.options().requestLogger().accept(head.method() + " " + head.target() + " " + head.version() + " -> "
                    + ex.status() + (ex.hijacked() ? " (hijacked)" : "") + " " + ms + "ms");
        } catch (RuntimeException ignored) {
            // a broken logger must not break serving
        }
    }
}
