package io.berth.http.server;

import io.berth.http.Endpoint;
import io.berth.http.Headers;
import io.berth.http.HttpWire;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** A hand-driven client connection for tests that need exact bytes on the wire. */
final class RawConnection implements AutoCloseable {
    record Reply(int status, Headers headers, String body) {
    }

    final SocketChannel channel;
    final BufferedInputStream in;
    final OutputStream out;

    RawConnection(Endpoint e) throws IOException {
        channel = e.connect();
        in = new BufferedInputStream(Channels.newInputStream(channel));
        out = Channels.newOutputStream(channel);
    }

    RawConnection send(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    Reply read(String method) throws IOException {
        HttpWire.ResponseHead head = HttpWire.readResponseHead(in, 65536, 100);
        String body = new String(HttpWire.responseBody(method, head.status(), head.headers(), in).readAllBytes(),
                StandardCharsets.UTF_8);
        return new Reply(head.status(), head.headers(), body);
    }

    /** Whether the server closed (EOF) within the socket's normal behaviour. */
    boolean atEof() throws IOException {
        return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
