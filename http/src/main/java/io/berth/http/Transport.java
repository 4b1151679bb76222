package io.berth.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLSocket;

/**
 * The byte stream under one HTTP connection: a plain socket channel, or TLS layered over one. The
 * server's connection logic (and a hijacked connection, {@link io.berth.http.client.Upgraded}) only
 * sees these operations, so both kinds are served by the same code.
 *
 * <p>{@link #in()} and {@link #out()} may be used by two threads at once (one each). {@link #abort()}
 * may be called from any thread to unblock a reader; {@link #close()} is the orderly end (TLS sends
 * its {@code close_notify}) and belongs to the thread that owns the connection.
 */
public sealed interface Transport {

    InputStream in() throws IOException;

    OutputStream out() throws IOException;

    /** Half-close: the peer reads EOF (TLS 1.3 sends {@code close_notify}; TLS 1.2 can only close both ways). */
    void shutdownOutput() throws IOException;

    void shutdownInput() throws IOException;

    boolean isOpen();

    /** Orderly close. Idempotent. */
    void close() throws IOException;

    /** Closes the socket at once, without TLS's goodbye; safe from any thread. Idempotent. */
    default void abort() throws IOException {
        channel().close();
    }

    /** The underlying connection. */
    SocketChannel channel();

    /** Plaintext: the channel's own streams. */
    record Plain(SocketChannel channel) implements Transport {
        @Override
        public InputStream in() {
            return Channels.newInputStream(channel);
        }

        @Override
        public OutputStream out() {
            return Channels.newOutputStream(channel);
        }

        @Override
        public void shutdownOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        public void shutdownInput() throws IOException {
            channel.shutdownInput();
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * TLS over {@code channel}: {@code socket} is layered on the channel's socket adaptor (and closes
     * it). The handshake runs on the first read or write, i.e. on the connection's own thread.
     */
    record Tls(SocketChannel channel, SSLSocket socket) implements Transport {
        @Override
        public InputStream in() throws IOException {
            return socket.getInputStream();
        }

        @Override
        public OutputStream out() throws IOException {
            return socket.getOutputStream();
        }

        @Override
        public void shutdownOutput() throws IOException {
            if (socket.getSession().getProtocol().equals("TLSv1.3")) {
                socket.shutdownOutput();
            } else {
                // TLS 1.2 has no half-close: close_notify ends the whole connection.
                socket.close();
            }
        }

        @Override
        public void shutdownInput() {
            // SSLSocket refuses to close its input before the peer's close_notify (it treats that as
            // a truncation attack and tears the connection down); not reading further is enough.
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen() && !socket.isClosed();
        }

        @Override
        public void close() throws IOException {
            try {
                socket.close();
            } finally {
                channel.close();
            }
        }
    }
}
