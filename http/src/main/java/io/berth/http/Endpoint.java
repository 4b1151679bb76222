package io.berth.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Where an HTTP peer listens: a unix domain socket or a TCP address. Immutable and thread-safe.
 *
 * <p>String forms (as {@code DOCKER_HOST} / {@code -H} accept them): {@code unix:///run/berth/berth.sock},
 * a bare absolute path {@code /run/berth/berth.sock}, {@code tcp://127.0.0.1:2375} (port defaults to
 * 2375 like Docker's), {@code tcp://[::1]:2375}.
 */
public sealed interface Endpoint {

    /** Docker's default plain-TCP port, used when a tcp:// endpoint names none. */
    int DEFAULT_TCP_PORT = 2375;

    /** Opens a blocking, connected channel to this endpoint. */
    SocketChannel connect() throws IOException;

    /** The socket address to bind or connect to. */
    SocketAddress address();

    /** The value a client sends as {@code Host} for this endpoint. */
    String hostHeader();

    /** The canonical string form, accepted by {@link #parse(String)}. */
    String uri();

    /** A unix domain socket at an absolute path. */
    record Unix(Path path) implements Endpoint {
        public Unix {
            if (path == null || !path.isAbsolute()) {
                throw new IllegalArgumentException("unix socket path must be absolute: " + path);
            }
            path = path.normalize();
        }

        @Override
        public SocketChannel connect() throws IOException {
            return SocketChannel.open(address());
        }

        @Override
        public SocketAddress address() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public String hostHeader() {
            // Any value works on a unix socket; Docker's CLI uses a fake host name too.
            return "localhost";
        }

        @Override
        public String uri() {
            return "unix://" + path;
        }

        @Override
        public String toString() {
            return uri();
        }
    }

    /** A TCP address; {@code port} 0 is only meaningful for listening (ephemeral port). */
    record Tcp(String host, int port) implements Endpoint {
        public Tcp {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("tcp endpoint needs a host");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("invalid tcp port: " + port);
            }
        }

        @Override
        public SocketChannel connect() throws IOException {
            SocketChannel ch = SocketChannel.open(address());
            // Small request/response round trips and interactive attach streams: no Nagle delay.
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return ch;
        }

        @Override
        public SocketAddress address() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public String hostHeader() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }

        @Override
        public String uri() {
            return "tcp://" + hostHeader();
        }

        @Override
        public String toString() {
            return uri();
        }
    }

    /**
     * Parses {@code unix:///abs/path}, {@code /abs/path}, {@code tcp://host[:port]} (also
     * {@code http://}).
     *
     * @throws IllegalArgumentException naming the input when it is none of these
     */
    static Endpoint parse(String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("invalid endpoint: empty");
        }
        String v = s.strip();
        if (v.startsWith("/")) {
            return new Unix(Path.of(v));
        }
        if (v.startsWith("unix://")) {
            String p = v.substring("unix://".length());
            if (!p.startsWith("/")) {
                throw new IllegalArgumentException("invalid endpoint: unix socket path must be absolute: " + s);
            }
            return new Unix(Path.of(p));
        }
        if (v.startsWith("tcp://") || v.startsWith("http://")) {
            URI u;
            try {
                u = new URI(v);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("invalid endpoint: " + s, e);
            }
            String host = u.getHost();
            if (host == null || host.isEmpty() || u.getUserInfo() != null || u.getQuery() != null
                    || u.getFragment() != null || (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/"))) {
                throw new IllegalArgumentException("invalid endpoint: " + s);
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new Tcp(host, u.getPort() < 0 ? DEFAULT_TCP_PORT : u.getPort());
        }
        throw new IllegalArgumentException("invalid endpoint: " + s);
    }
}
