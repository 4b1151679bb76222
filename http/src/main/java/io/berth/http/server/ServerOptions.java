package io.berth.http.server;

import io.berth.http.HttpWire;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Server settings.
 *
 * @param unixSocketMode permission bits given to unix socket files (default 0660)
 * @param unixSocketGroup group to own unix socket files (Docker's "docker" group), if any
 * @param maxHeaderBytes limit on a request head, request line included (default 64 KiB); more is a 431
 * @param maxHeaders limit on the number of request header fields (default 100); more is a 431
 * @param idleTimeout how long a connection may wait for (the head of) its next request before it is
 *     closed; zero disables. It does not limit bodies or handlers (log streams may run for days).
 * @param shutdownGrace how long {@link HttpServer#close()} waits for in-flight requests
 * @param requestLogger receives one line per request ({@code --debug}); a no-op by default
 * @param tls when present, TCP listeners speak TLS with this context (unix sockets stay plain): its
 *     key managers hold the server's certificate; the JDK's default protocols (TLS 1.3 and 1.2) and
 *     cipher suites apply. Client certificates are not asked for.
 */
public record ServerOptions(
        int unixSocketMode,
        Optional<String> unixSocketGroup,
        int maxHeaderBytes,
        int maxHeaders,
        Duration idleTimeout,
        Duration shutdownGrace,
        Consumer<String> requestLogger,
        Optional<SSLContext> tls) {

    public ServerOptions {
        if ((unixSocketMode & ~0777) != 0) {
            throw new IllegalArgumentException("invalid unix socket mode: " + Integer.toOctalString(unixSocketMode));
        }
        Objects.requireNonNull(unixSocketGroup, "unixSocketGroup");
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("maxHeaderBytes must be at least 1024");
        }
        if (maxHeaders < 1) {
            throw new IllegalArgumentException("maxHeaders must be positive");
        }
        if (idleTimeout.isNegative() || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("timeouts must not be negative");
        }
        Objects.requireNonNull(requestLogger, "requestLogger");
        Objects.requireNonNull(tls, "tls");
    }

    public static ServerOptions defaults() {
        return new ServerOptions(0660, Optional.empty(), HttpWire.DEFAULT_MAX_HEAD_BYTES, HttpWire.DEFAULT_MAX_HEADERS,
                Duration.ofMinutes(2), Duration.ofSeconds(2), line -> { }, Optional.empty());
    }

    public ServerOptions withUnixSocketMode(int mode) {
        return new ServerOptions(mode, unixSocketGroup, maxHeaderBytes, maxHeaders, idleTimeout, shutdownGrace, requestLogger, tls);
    }

    public ServerOptions withUnixSocketGroup(String group) {
        return new ServerOptions(unixSocketMode, Optional.of(group), maxHeaderBytes, maxHeaders, idleTimeout, shutdownGrace,
                requestLogger, tls);
    }

    public ServerOptions withMaxHeaderBytes(int bytes) {
        return new ServerOptions(unixSocketMode, unixSocketGroup, bytes, maxHeaders, idleTimeout, shutdownGrace, requestLogger, tls);
    }

    public ServerOptions withIdleTimeout(Duration timeout) {
        return new ServerOptions(unixSocketMode, unixSocketGroup, maxHeaderBytes, maxHeaders, timeout, shutdownGrace,
                requestLogger, tls);
    }

    public ServerOptions withShutdownGrace(Duration grace) {
        return new ServerOptions(unixSocketMode, unixSocketGroup, maxHeaderBytes, maxHeaders, idleTimeout, grace, requestLogger, tls);
    }

    public ServerOptions withRequestLogger(Consumer<String> logger) {
        return new ServerOptions(unixSocketMode, unixSocketGroup, maxHeaderBytes, maxHeaders, idleTimeout, shutdownGrace, logger, tls);
    }

    /** TCP listeners speak TLS with {@code context}. */
    public ServerOptions withTls(SSLContext context) {
        return new ServerOptions(unixSocketMode, unixSocketGroup, maxHeaderBytes, maxHeaders, idleTimeout, shutdownGrace,
                requestLogger, Optional.of(context));
    }
}
