package io.berth.http.server;

import io.berth.http.Endpoint;
import io.berth.http.Transport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A running HTTP/1.1 server. {@link #start} binds every listener, then accepts on each with a
 * virtual thread and serves every connection on its own virtual thread.
 *
 * <p>Unix listeners: a stale socket file (a socket nobody accepts on) is removed first; a live one
 * or a non-socket file at the path is an error. The socket is bound under a temporary name,
 * given {@link ServerOptions#unixSocketMode()} (and group), then renamed into place, so it is
 * never reachable with looser permissions. The file is removed again by {@link #close()}.
 *
 * <p>Thread-safe. {@link #close()} stops accepting, closes idle connections, gives in-flight
 * requests {@link ServerOptions#shutdownGrace()} to finish and then closes everything.
 */
public final class HttpServer implements AutoCloseable {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int UNIX_PATH_MAX = 107;

    private final Handler handler;
    private final ServerOptions options;
    private final List<ServerSocketChannel> channels = new ArrayList<>();
    private final List<Endpoint> bound = new ArrayList<>();
    private final List<Path> socketFiles = new ArrayList<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timer;
    private final AtomicLong connectionIds = new AtomicLong();
    private volatile boolean closing;

    private HttpServer(Handler handler, ServerOptions options) {
        this.handler = handler;
        this.options = options;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "berth-http-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Binds all {@code listeners} and starts serving. On failure nothing stays bound.
     *
     * @throws IOException when a listener cannot be bound (in use, not a socket, permissions)
     */
    public static HttpServer start(List<Endpoint> listeners, Handler handler, ServerOptions options) throws IOException {
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("no listeners");
        }
        HttpServer server = new HttpServer(handler, options);
        try {
            for (Endpoint e : listeners) {
                server.bind(e);
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        for (int i = 0; i < server.channels.size(); i++) {
            ServerSocketChannel ch = server.channels.get(i);
            Endpoint e = server.bound.get(i);
            Optional<SSLSocketFactory> tls = e instanceof Endpoint.Tcp
                    ? options.tls().map(SSLContext::getSocketFactory) : Optional.empty();
            server.acceptors.add(Thread.ofVirtual().name("berth-http-accept-" + e).start(() -> server.acceptLoop(ch, tls)));
        }
        return server;
    }

    /** The bound endpoints, in listener order (a TCP port 0 replaced by the actual port). */
    public List<Endpoint> endpoints() {
        return List.copyOf(bound);
    }

    /** Number of open connections (for tests and diagnostics). */
    public int connectionCount() {
        return connections.size();
    }

    private void bind(Endpoint e) throws IOException {
        switch (e) {
            case Endpoint.Unix u -> bindUnix(u.path());
            case Endpoint.Tcp t -> {
                ServerSocketChannel ch = ServerSocketChannel.open();
                channels.add(ch);
                ch.bind(new InetSocketAddress(t.host(), t.port()), 512);
                bound.add(new Endpoint.Tcp(t.host(), ((InetSocketAddress) ch.getLocalAddress()).getPort()));
            }
        }
    }

    private void bindUnix(Path path) throws IOException {
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        removeStaleSocket(path);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channels.add(ch);
        Path tmp = path.resolveSibling("." + path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        if (tmp.toString().getBytes(StandardCharsets.UTF_8).length <= UNIX_PATH_MAX) {
            // Our own leftover from a crash: a socket under a name nobody connects to.
            if (isSocket(tmp)) {
                Files.delete(tmp);
            }
            ch.bind(UnixDomainSocketAddress.of(tmp), 512);
            try {
                restrict(tmp);
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException ex) {
                Files.deleteIfExists(tmp);
                throw ex;
            }
        } else {
            ch.bind(UnixDomainSocketAddress.of(path), 512);
            restrict(path);
        }
        socketFiles.add(path);
        bound.add(new Endpoint.Unix(path));
    }

    private void restrict(Path p) throws IOException {
        Files.setPosixFilePermissions(p, permissions(options.unixSocketMode()));
        if (options.unixSocketGroup().isPresent()) {
            var group = p.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByGroupName(options.unixSocketGroup().get());
            Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(group);
        }
    }

    private static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(path)) {
            throw new IOException("refusing to replace " + path + ": it exists and is not a socket");
        }
        SocketChannel probe;
        try {
            probe = SocketChannel.open(UnixDomainSocketAddress.of(path));
        } catch (ConnectException stale) {
            // Nobody accepts on it: a crashed daemon's leftover.
            Files.deleteIfExists(path);
            return;
        }
        probe.close();
        throw new IOException("another server is already listening on " + path);
    }

    private static boolean isSocket(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & S_IFMT) == S_IFSOCK;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << bit)) != 0) {
                s.add(order[bit]);
            }
        }
        return s;
    }

    private void acceptLoop(ServerSocketChannel listener, Optional<SSLSocketFactory> tls) {
        while (!closing) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closing || !listener.isOpen()) {
                    return;
                }
                // EMFILE and friends: back off instead of spinning.
                sleepQuietly(100);
                continue;
            }
            Connection c;
            try {
                c = new Connection(this, transport(ch, tls));
            } catch (IOException e) {
                closeQuietly(ch);
                continue;
            }
            connections.add(c);
            if (closing) {
                c.closeQuietly();
                connections.remove(c);
                return;
            }
            Thread.ofVirtual().name("berth-http-conn-" + connectionIds.incrementAndGet()).start(c);
        }
    }

    /**
     * TLS is layered over the accepted channel's socket (server mode); the handshake itself happens on
     * the connection's thread at its first read, so a slow client never stalls the accept loop.
     */
    private static Transport transport(SocketChannel ch, Optional<SSLSocketFactory> tls) throws IOException {
        if (tls.isEmpty()) {
            return new Transport.Plain(ch);
        }
        SSLSocket socket = (SSLSocket) tls.get().createSocket(ch.socket(), null, true);
        socket.setUseClientMode(false);
        return new Transport.Tls(ch, socket);
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Stops accepting, closes idle connections, waits up to the grace period for the others. Idempotent. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        for (ServerSocketChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already unusable
            }
        }
        for (Path p : socketFiles) {
            try {
                if (isSocket(p)) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException ignored) {
                // a leftover socket file is removed as stale at the next start
            }
        }
        for (Thread t : acceptors) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connections.stream().filter(Connection::idle).forEach(Connection::closeQuietly);
        long deadline = System.nanoTime() + options.shutdownGrace().toNanos();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            sleepQuietly(10);
        }
        connections.forEach(Connection::closeQuietly);
        timer.shutdownNow();
    }

    boolean closing() {
        return closing;
    }

    Handler handler() {
        return handler;
    }

    ServerOptions options() {
        return options;
    }

    /** Runs {@code task} after {@code delay}; empty once the server has shut its timer down. */
    java.util.Optional<java.util.concurrent.ScheduledFuture<?>> schedule(Runnable task, java.time.Duration delay) {
        try {
            return java.util.Optional.of(timer.schedule(task, delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return java.util.Optional.empty();
        }
    }

    void remove(Connection c) {
        connections.remove(c);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
