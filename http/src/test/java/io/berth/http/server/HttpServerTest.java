package io.berth.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.http.Endpoint;
import io.berth.http.Headers;
import io.berth.http.HttpStatusException;
import io.berth.http.client.HttpClient;
import io.berth.http.client.Request;
import io.berth.http.client.Response;
import io.berth.http.client.Upgraded;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class HttpServerTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private Endpoint endpoint;

    private HttpClient start(Handler handler) throws IOException {
        return start(handler, ServerOptions.defaults());
    }

    private HttpClient start(Handler handler, ServerOptions options) throws IOException {
        server = HttpServer.start(List.of(new Endpoint.Unix(dir.resolve("b.sock"))), handler, options);
        endpoint = server.endpoints().getFirst();
        return new HttpClient(endpoint);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final Handler ECHO_INFO = ex -> {
        String body = ex.method() + " " + ex.path() + " " + ex.query().asMap() + " "
                + new String(ex.body().readAllBytes(), StandardCharsets.UTF_8);
        ex.respond(200, Headers.of("Content-Type", "text/plain"), utf8(body));
    };

    @Test
    void client_gets_decoded_response_with_status_headers_and_body() throws IOException {
        HttpClient client = start(ECHO_INFO);
        try (Response r = client.send(Request.post("/v1.47/containers/create?name=a%20b&x=1", utf8("{}"), "application/json"))) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.reason()).isEqualTo("OK");
            assertThat(r.headers().first("content-type")).contains("text/plain");
            assertThat(r.bodyString()).isEqualTo("POST /v1.47/containers/create {name=[a b], x=[1]} {}");
        }
    }

    @Test
    void keep_alive_serves_several_requests_on_one_connection() throws IOException {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        start(ex -> {
            threads.add(Thread.currentThread());
            ECHO_INFO.handle(ex);
        });
        try (RawConnection c = new RawConnection(endpoint)) {
            // Two requests pipelined in one write, then a third after the answers.
            c.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nxyz");
            assertThat(c.read("GET").body()).isEqualTo("GET /a {} ");
            assertThat(c.read("POST").body()).isEqualTo("POST /b {} xyz");
            c.send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n");
            RawConnection.Reply third = c.read("POST");
            assertThat(third.body()).isEqualTo("POST /c {} hi");
            assertThat(third.headers().contains("Connection")).isFalse();
            c.send("GET /d HTTP/1.1\r\nConnection: close\r\n\r\n");
            RawConnection.Reply last = c.read("GET");
            assertThat(last.headers().first("Connection")).contains("close");
            assertThat(c.atEof()).isTrue();
        }
        assertThat(threads).hasSize(1);
    }

    @Test
    void http10_request_gets_one_response_then_close() throws IOException {
        start(ECHO_INFO);
        try (RawConnection c = new RawConnection(endpoint)) {
            c.send("GET /old HTTP/1.0\r\n\r\n");
            assertThat(c.read("GET").body()).isEqualTo("GET /old {} ");
            assertThat(c.atEof()).isTrue();
        }
    }

    @Test
    void chunked_request_and_chunked_response_both_ways() throws IOException {
        HttpClient client = start(ex -> {
            assertThat(ex.headers().first("Transfer-Encoding")).contains("chunked");
            try (InputStream in = ex.body(); OutputStream out = ex.respondChunked(200, Headers.of("Content-Type", "application/octet-stream"))) {
                byte[] buf = new byte[777];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        });
        byte[] data = new byte[3_000_000];
        new java.util.Random(7).nextBytes(data);
        try (Response r = client.send(Request.post("/echo", new java.io.ByteArrayInputStream(data), "application/x-tar"))) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().first("Transfer-Encoding")).contains("chunked");
            assertThat(r.bodyBytes()).isEqualTo(data);
        }
    }

    @Test
    void streamed_upload_of_200_mb_is_not_held_in_memory() throws Exception {
        long total = 200L * 1024 * 1024;
        AtomicLong produced = new AtomicLong();
        AtomicLong producedWhenServerStarted = new AtomicLong(-1);
        HttpClient client = start(ex -> {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long count = 0;
            try (InputStream in = ex.body()) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (count == 0) {
                        producedWhenServerStarted.set(produced.get());
                    }
                    md.update(buf, 0, n);
                    count += n;
                }
            }
            ex.respondJson(200, utf8("{\"bytes\":" + count + ",\"sha256\":\"" + HexFormat.of().formatHex(md.digest()) + "\"}"));
        });
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        InputStream generator = new InputStream() {
            private final byte[] block = new byte[65536];

            {
                new java.util.Random(3).nextBytes(block);
            }

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                long left = total - produced.get();
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(len, left), block.length);
                System.arraycopy(block, 0, b, off, n);
                expected.update(b, off, n);
                produced.addAndGet(n);
                return n;
            }
        };
        try (Response r = client.send(Request.post("/images/load", generator, "application/x-tar"))) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyString()).isEqualTo("{\"bytes\":" + total + ",\"sha256\":\""
                    + HexFormat.of().formatHex(expected.digest()) + "\"}");
        }
        // The server was consuming while the client was still producing: nothing buffered whole.
        assertThat(producedWhenServerStarted.get()).isBetween(1L, total / 4);
    }

    @Test
    void head_response_has_headers_but_no_body_and_keeps_the_connection() throws IOException {
        HttpClient client = start(ex -> ex.respond(200, Headers.of("X-Size", "5"), utf8("hello")));
        try (Response r = client.send(Request.head("/x"))) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().first("Content-Length")).contains("5");
            assertThat(r.bodyBytes()).isEmpty();
        }
        try (RawConnection c = new RawConnection(endpoint)) {
            c.send("HEAD /x HTTP/1.1\r\n\r\nGET /x HTTP/1.1\r\n\r\n");
            assertThat(c.read("HEAD").body()).isEmpty();
            assertThat(c.read("GET").body()).isEqualTo("hello");
        }
    }

    @Test
    void expect_100_continue_is_answered_when_the_handler_reads_the_body() throws IOException {
        start(ECHO_INFO);
        try (RawConnection c = new RawConnection(endpoint)) {
            c.send("PUT /archive HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawConnection.Reply interim = c.read("PUT");
            assertThat(interim.status()).isEqualTo(100);
            c.send("hello");
            RawConnection.Reply r = c.read("PUT");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("PUT /archive {} hello");
        }
    }

    @Test
    void expect_100_continue_refused_without_reading_closes_after_the_answer() throws IOException {
        start(ex -> ex.respondError(413, "too big"));
        try (RawConnection c = new RawConnection(endpoint)) {
            c.send("PUT /archive HTTP/1.1\r\nContent-Length: 500000000\r\nExpect: 100-continue\r\n\r\n");
            RawConnection.Reply r = c.read("PUT");
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.headers().first("Connection")).contains("close");
            assertThat(r.body()).isEqualTo("{\"message\":\"too big\"}\n");
            assertThat(c.atEof()).isTrue();
        }
    }

    @Test
    void malformed_request_line_gets_400_json_and_close() throws IOException {
        start(ECHO_INFO);
        try (RawConnection c = new RawConnection(endpoint)) {
            c.send("GARBAGE\r\n\r\n");
            RawConnection.Reply r = c.read("GET");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.headers().first("Content-Type")).contains("application/json");
            assertThat(r.body()).startsWith("{\"message\":\"malformed request line");
            assertThat(c.atEof()).isTrue();
        }
    }

    @Test
    void oversized_or_too_many_headers_get_431() throws IOException {
        start(ECHO_INFO);
        try (RawConnection c = new RawConnection(endpoint)) {
            c.send("GET / HTTP/1.1\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n");
            RawConnection.Reply r = c.read("GET");
            assertThat(r.status()).isEqualTo(431);
            assertThat(r.body()).contains("\"message\"");
        }
        try (RawConnection c = new RawConnection(endpoint)) {
            c.send("GET / HTTP/1.1\r\n" + "X: 1\r\n".repeat(101) + "\r\n");
            assertThat(c.read("GET").status()).isEqualTo(431);
        }
    }

    @Test
    void handler_errors_become_json_responses() throws IOException {
        HttpClient client = start(ex -> {
            switch (ex.path()) {
                case "/boom" -> throw new IllegalStateException("boom happened");
                case "/int" -> ex.respondText(200, "n=" + ex.query().integer("n", 0));
                case "/status" -> throw new HttpStatusException(409, "conflict: x");
                default -> { } // no response at all
            }
        });
        try (Response r = client.send(Request.get("/boom"))) {
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.bodyString()).isEqualTo("{\"message\":\"boom happened\"}\n");
        }
        try (Response r = client.send(Request.get("/int?n=abc"))) {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.bodyString()).contains("invalid integer value for query parameter n");
        }
        try (Response r = client.send(Request.get("/status"))) {
            assertThat(r.status()).isEqualTo(409);
        }
        try (Response r = client.send(Request.get("/none"))) {
            assertThat(r.status()).isEqualTo(500);
        }
        try (Response r = client.send(Request.get("/bad%zzpath"))) {
            assertThat(r.status()).isEqualTo(400);
        }
    }

    @Test
    void respond_empty_and_204_have_no_body() throws IOException {
        HttpClient client = start(ex -> ex.respondEmpty(ex.path().equals("/204") ? 204 : 201));
        try (Response r = client.send(Request.post("/204"))) {
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.headers().contains("Content-Length")).isFalse();
            assertThat(r.bodyBytes()).isEmpty();
        }
        try (Response r = client.send(Request.delete("/201"))) {
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.headers().first("Content-Length")).contains("0");
        }
    }

    @Test
    void chunked_flush_reaches_the_client_before_the_body_ends() throws Exception {
        CountDownLatch clientSawFirst = new CountDownLatch(1);
        HttpClient client = start(ex -> {
            try (OutputStream out = ex.respondChunked(200, Headers.of("Content-Type", "application/json"))) {
                out.write(utf8("{\"first\":1}\n"));
                out.flush();
                assertThat(clientSawFirst.await(10, TimeUnit.SECONDS)).isTrue();
                out.write(utf8("{\"second\":2}\n"));
            }
        });
        try (Response r = client.send(Request.get("/logs?follow=1"))) {
            byte[] first = new byte[12];
            assertThat(r.body().readNBytes(first, 0, 12)).isEqualTo(12);
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("{\"first\":1}\n");
            clientSawFirst.countDown();
            assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"second\":2}\n");
        }
    }

    @Test
    void hijack_with_101_supports_half_close_in_both_directions() throws Exception {
        HttpClient client = start(ex -> {
            String body = new String(ex.body().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ex.wantsUpgrade()).isTrue();
            try (Upgraded up = ex.hijack(101, Headers.of("Content-Type", "application/vnd.docker.raw-stream"))) {
                // Sent right after the head: must not be lost in the client's buffer.
                up.out().write(utf8("early:" + body + ";"));
                byte[] stdin = up.in().readAllBytes(); // until the client's closeWrite
                up.out().write(utf8("got:" + new String(stdin, StandardCharsets.UTF_8) + ";"));
                up.out().write(utf8("bye"));
                up.closeWrite();
            }
        });
        Request req = Request.post("/v1.47/exec/1/start", utf8("{\"Detach\":false}"), "application/json");
        try (Upgraded up = client.upgrade(req)) {
            assertThat(up.status()).isEqualTo(101);
            assertThat(up.headers().first("Upgrade")).contains("tcp");
            assertThat(up.headers().first("Connection")).contains("Upgrade");
            Thread.sleep(50); // let the early bytes arrive together with the head
            up.out().write(utf8("hello "));
            up.out().write(utf8("world"));
            up.closeWrite();
            assertThat(new String(up.in().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("early:{\"Detach\":false};got:hello world;bye");
        }
    }

    @Test
    void hijacked_streams_are_interactive_and_full_duplex() throws Exception {
        HttpClient client = start(ex -> {
            try (Upgraded up = ex.hijack(101, new Headers())) {
                byte[] buf = new byte[1024];
                int n;
                while ((n = up.in().read(buf)) >= 0) {
                    up.out().write(buf, 0, n); // an echoing "shell"
                }
            }
        });
        try (Upgraded up = client.upgrade(Request.post("/containers/x/attach?stdin=1&stream=1"))) {
            for (String word : new String[] {"ls\n", "pwd\n", "exit\n"}) {
                up.out().write(utf8(word));
                byte[] back = up.in().readNBytes(word.length());
                assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo(word);
            }
            // Reader blocked on one thread, writer on another: the write must not wait for the read.
            Thread blockedReader = Thread.ofVirtual().start(() -> {
                try {
                    assertThat(up.in().readNBytes(4)).isEqualTo(utf8("late"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(50);
            up.out().write(utf8("late"));
            blockedReader.join(5000);
            assertThat(blockedReader.isAlive()).isFalse();
        }
    }

    @Test
    void hijack_keeps_bytes_the_client_sent_with_the_request_head() throws Exception {
        start(ex -> {
            try (Upgraded up = ex.hijack(101, new Headers())) {
                up.out().write(up.in().readNBytes(5));
            }
        });
        try (RawConnection c = new RawConnection(endpoint)) {
            c.send("POST /attach HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nABCDE");
            var head = io.berth.http.HttpWire.readResponseHead(c.in, 65536, 100);
            assertThat(head.status()).isEqualTo(101);
            assertThat(new String(c.in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ABCDE");
        }
    }

    @Test
    void hijack_with_200_raw_stream_for_clients_that_do_not_upgrade() throws Exception {
        HttpClient client = start(ex -> {
            assertThat(ex.wantsUpgrade()).isFalse();
            try (Upgraded up = ex.hijack(200, Headers.of("Content-Type", "application/vnd.docker.raw-stream"))) {
                up.out().write(utf8("raw:"));
                up.out().write(up.in().readAllBytes());
            }
        });
        try (Upgraded up = client.upgrade(Request.post("/containers/x/attach?stream=1").withHeader("Connection", "keep-alive"))) {
            assertThat(up.status()).isEqualTo(200);
            assertThat(up.headers().contains("Content-Length")).isFalse();
            up.out().write(utf8("payload"));
            up.out().close(); // same as closeWrite
            assertThat(new String(up.in().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("raw:payload");
        }
    }

    @Test
    void refused_upgrade_exposes_the_error_body() throws Exception {
        HttpClient client = start(ex -> ex.respondError(404, "no such container: x"));
        try (Upgraded up = client.upgrade(Request.post("/containers/x/attach"))) {
            assertThat(up.status()).isEqualTo(404);
            assertThat(new String(up.in().readAllBytes(), StandardCharsets.UTF_8)).contains("no such container: x");
        }
    }

    @Test
    void early_error_answer_wins_over_broken_pipe_during_upload() throws IOException {
        HttpClient client = start(ex -> ex.respondError(400, "bad tarball"));
        InputStream endless = new InputStream() {
            private long left = 256L * 1024 * 1024;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        try (Response r = client.send(Request.post("/build", endless, "application/x-tar"))) {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.bodyString()).contains("bad tarball");
        }
    }

    @Test
    void unix_socket_file_gets_mode_0660() throws IOException {
        start(ECHO_INFO);
        Path sock = dir.resolve("b.sock");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-rw----");
        server.close();
        assertThat(sock).doesNotExist();
        server = HttpServer.start(List.of(new Endpoint.Unix(sock)), ECHO_INFO, ServerOptions.defaults().withUnixSocketMode(0600));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-------");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("b.sock");
    }

    @Test
    void stale_socket_is_replaced_but_live_socket_and_regular_file_are_not() throws IOException {
        Path sock = dir.resolve("b.sock");
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(sock));
        } // closed, file stays: a crashed daemon's leftover
        assertThat(sock).exists();
        HttpClient client = start(ECHO_INFO);
        try (Response r = client.send(Request.get("/ping"))) {
            assertThat(r.status()).isEqualTo(200);
        }
        assertThatThrownBy(() -> HttpServer.start(List.of(new Endpoint.Unix(sock)), ECHO_INFO, ServerOptions.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining("already listening");
        try (Response r = client.send(Request.get("/still-serving"))) {
            assertThat(r.status()).isEqualTo(200);
        }
        Path file = dir.resolve("file.sock");
        Files.writeString(file, "not a socket");
        assertThatThrownBy(() -> HttpServer.start(List.of(new Endpoint.Unix(file)), ECHO_INFO, ServerOptions.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining("not a socket");
        assertThat(Files.readString(file)).isEqualTo("not a socket");
    }

    @Test
    void tcp_listener_on_ephemeral_port_serves_too() throws IOException {
        server = HttpServer.start(List.of(new Endpoint.Tcp("127.0.0.1", 0)), ECHO_INFO, ServerOptions.defaults());
        Endpoint tcp = server.endpoints().getFirst();
        assertThat(((Endpoint.Tcp) tcp).port()).isPositive();
        try (Response r = new HttpClient(tcp).send(Request.get("/tcp"))) {
            assertThat(r.bodyString()).isEqualTo("GET /tcp {} ");
        }
    }

    @Test
    void idle_connection_is_closed_after_the_idle_timeout() throws IOException {
        start(ECHO_INFO, ServerOptions.defaults().withIdleTimeout(Duration.ofMillis(200)));
        try (RawConnection c = new RawConnection(endpoint)) {
            c.send("GET /a HTTP/1.1\r\n\r\n");
            assertThat(c.read("GET").status()).isEqualTo(200);
            long t0 = System.nanoTime();
            assertThat(c.atEof()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void close_ends_idle_connections_and_waits_for_running_requests() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        start(ex -> {
            inHandler.countDown();
            Thread.sleep(300);
            ex.respondText(200, "done");
        });
        try (RawConnection idle = new RawConnection(endpoint); RawConnection busy = new RawConnection(endpoint)) {
            busy.send("GET /slow HTTP/1.1\r\n\r\n");
            assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();
            server.close();
            RawConnection.Reply r = busy.read("GET");
            assertThat(r.body()).isEqualTo("done");
            assertThat(r.headers().first("Connection")).contains("close");
            assertThat(idle.atEof()).isTrue();
            assertThat(server.connectionCount()).isZero();
        }
    }

    @Test
    void request_logger_sees_each_request() throws IOException {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpClient client = start(ECHO_INFO, ServerOptions.defaults().withRequestLogger(lines::add));
        client.send(Request.get("/v1.47/version")).close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (lines.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(lines.getFirst()).startsWith("GET /v1.47/version HTTP/1.1 -> 200");
    }

    @Test
    void curl_can_talk_to_the_unix_socket() throws Exception {
        Path curl = Path.of("/usr/bin/curl");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(curl), "curl is installed");
        start(ex -> ex.respondJson(200, utf8("{\"ApiVersion\":\"1.47\",\"q\":\"" + ex.query().get("x").orElse("") + "\"}")));
        Process p = new ProcessBuilder(curl.toString(), "-sS", "-i", "--unix-socket", dir.resolve("b.sock").toString(),
                "http://x/v1.47/version?x=y").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("HTTP/1.1 200 OK").contains("Content-Type: application/json")
                .endsWith("{\"ApiVersion\":\"1.47\",\"q\":\"y\"}");
        // A 2 MB upload makes curl send "Expect: 100-continue" and a Content-Length body.
        Path upload = dir.resolve("upload.bin");
        Files.write(upload, new byte[2 * 1024 * 1024]);
        server.close();
        start(ex -> ex.respondText(200, ex.headers().first("Expect").orElse("-") + " " + ex.body().readAllBytes().length));
        Process post = new ProcessBuilder(curl.toString(), "-sS", "--unix-socket", dir.resolve("b.sock").toString(),
                "-H", "Expect: 100-continue", "--data-binary", "@" + upload, "http://x/v1.47/images/load")
                .redirectErrorStream(true).start();
        String posted = new String(post.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(post.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(posted).isEqualTo("100-continue " + (2 * 1024 * 1024));
    }
}
