package io.berth.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.http.Endpoint;
import io.berth.http.Headers;
import io.berth.http.client.HttpClient;
import io.berth.http.client.Request;
import io.berth.http.client.Response;
import io.berth.http.client.Upgraded;
import io.berth.http.tls.TestCertificates;
import io.berth.http.tls.TlsContexts;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class HttpServerTlsTest {
    @TempDir
    static Path certDir;
    @TempDir
    Path dir;
    private HttpServer server;
    private static TestCertificates.CertFiles cert;
    private final List<String> log = new CopyOnWriteArrayList<>();

    private static final Handler ECHO = ex -> {
        String body = ex.method() + " " + ex.path() + " " + new String(ex.body().readAllBytes(), StandardCharsets.UTF_8);
        ex.respond(200, Headers.of("Content-Type", "text/plain"), body.getBytes(StandardCharsets.UTF_8));
    };

    @BeforeAll
    static void certificate() throws Exception {
        cert = TestCertificates.selfSigned(certDir, "server", "EC", "ip:127.0.0.1,dns:localhost");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Endpoint.Tcp start(Handler handler, Endpoint... more) throws IOException {
        List<Endpoint> listeners = new java.util.ArrayList<>(List.of(new Endpoint.Tcp("127.0.0.1", 0)));
        listeners.addAll(List.of(more));
        server = HttpServer.start(listeners, handler, ServerOptions.defaults()
                .withTls(TlsContexts.server(cert.cert(), cert.key())).withRequestLogger(log::add));
        return (Endpoint.Tcp) server.endpoints().getFirst();
    }

    private SSLContext trusting() {
        return TlsContexts.client(List.of(cert.certificate()), Optional.empty());
    }

    private static URI uri(Endpoint.Tcp e, String path) {
        return URI.create("https://127.0.0.1:" + e.port() + path);
    }

    @Test
    void serves_https_with_keep_alive_to_a_client_that_trusts_the_certificate() throws Exception {
        Endpoint.Tcp e = start(ECHO);
        try (var client = java.net.http.HttpClient.newBuilder().sslContext(trusting())
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri(e, "/v2/")).POST(
                        HttpRequest.BodyPublishers.ofString("body " + i)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("POST /v2/ body " + i);
                assertThat(r.sslSession()).get().extracting(s -> s.getProtocol()).isEqualTo("TLSv1.3");
            }
        }
        assertThat(server.connectionCount()).isLessThanOrEqualTo(1);
    }

    @Test
    void tls_1_2_clients_are_served_and_connection_close_ends_cleanly() throws Exception {
        Endpoint.Tcp e = start(ECHO);
        try (SSLSocket s = (SSLSocket) trusting().getSocketFactory().createSocket("127.0.0.1", e.port())) {
            s.setEnabledProtocols(new String[] {"TLSv1.2"});
            OutputStream out = s.getOutputStream();
            out.write("GET /x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new String(new BufferedInputStream(s.getInputStream()).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(reply).startsWith("HTTP/1.1 200 OK\r\n").endsWith("GET /x ");
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
    }

    @Test
    void an_untrusting_client_fails_the_handshake_and_the_server_keeps_serving() throws Exception {
        Endpoint.Tcp e = start(ECHO);
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri(e, "/")).build(),
                    HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("PKIX path building failed");
        }
        try (var client = java.net.http.HttpClient.newBuilder().sslContext(trusting()).build()) {
            assertThat(client.send(HttpRequest.newBuilder(uri(e, "/ok")).build(), HttpResponse.BodyHandlers.ofString())
                    .body()).isEqualTo("GET /ok ");
        }
    }

    @Test
    void plain_http_on_the_tls_port_is_dropped() throws Exception {
        Endpoint.Tcp e = start(ECHO);
        try (RawConnection raw = new RawConnection(e)) {
            raw.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            // The TLS layer cannot answer in plaintext; it closes (an alert at most, never an HTTP reply).
            byte[] got = raw.in.readAllBytes();
            assertThat(new String(got, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1");
        } catch (IOException reset) {
            // a reset is a fine way to refuse too
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.connectionCount()).isZero();
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith("tls: "));
    }

    @Test
    void unix_listeners_stay_plain_next_to_a_tls_tcp_listener() throws Exception {
        start(ECHO, new Endpoint.Unix(dir.resolve("s.sock")));
        Endpoint unix = server.endpoints().get(1);
        try (Response r = new HttpClient(unix).send(Request.get("/plain"))) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyString()).isEqualTo("GET /plain ");
        }
    }

    @Test
    void hijacked_tls_connections_stream_both_ways() throws Exception {
        Endpoint.Tcp e = start(ex -> {
            try (Upgraded up = ex.hijack(101, new Headers())) {
                byte[] buf = new byte[5];
                int n = up.in().readNBytes(buf, 0, 5);
                up.out().write(("echo:" + new String(buf, 0, n, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
                up.out().flush();
            }
        });
        try (SSLSocket s = (SSLSocket) trusting().getSocketFactory().createSocket("127.0.0.1", e.port())) {
            OutputStream out = s.getOutputStream();
            out.write("POST /attach HTTP/1.1\r\nHost: h\r\nUpgrade: tcp\r\nConnection: Upgrade\r\n\r\nhello"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(all).startsWith("HTTP/1.1 101 ").endsWith("\r\n\r\necho:hello");
        }
    }
}
