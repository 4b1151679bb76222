package io.berth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpWireTest {

    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void reads_request_head_and_leaves_body_unread() throws IOException {
        InputStream in = in("\r\nPOST /v1.47/containers/create?name=x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
        var head = HttpWire.readRequestHead(in, 1024, 10).orElseThrow();
        assertThat(head.method()).isEqualTo("POST");
        assertThat(head.target()).isEqualTo("/v1.47/containers/create?name=x");
        assertThat(head.headers().first("content-length")).contains("2");
        assertThat(HttpWire.requestBody(head.headers(), in).readAllBytes()).asString().isEqualTo("{}");
    }

    @Test
    void clean_eof_before_a_request_is_not_an_error() throws IOException {
        assertThat(HttpWire.readRequestHead(in(""), 1024, 10)).isEmpty();
        assertThatThrownBy(() -> HttpWire.readRequestHead(in("GET / HTTP/1.1\r\nHo"), 1024, 10)).isInstanceOf(EOFException.class);
    }

    @Test
    void absolute_form_target_becomes_origin_form() throws IOException {
        var head = HttpWire.readRequestHead(in("GET http://docker/v1.47/info?x=1 HTTP/1.1\r\n\r\n"), 1024, 10).orElseThrow();
        assertThat(head.target()).isEqualTo("/v1.47/info?x=1");
    }

    @Test
    void rejects_malformed_heads_with_400() {
        String[] bad = {
            "GARBAGE\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/2.0\r\n\r\n", "GET  / HTTP/1.1\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n",
            "GET nopath HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nNo-Colon\r\n\r\n", "GET / HTTP/1.1\r\nA : b\r\n\r\n",
            "GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", "GET / HTTP/1.1\r\nA: b\rc\r\n\r\n", "GET /\u0000 HTTP/1.1\r\n\r\n"};
        for (String s : bad) {
            assertThatThrownBy(() -> HttpWire.readRequestHead(in(s), 1024, 10)).as(s).isInstanceOf(HttpParseException.class)
                    .extracting(e -> ((HttpParseException) e).status()).isEqualTo(400);
        }
    }

    @Test
    void rejects_oversized_heads_with_431() {
        String big = "GET / HTTP/1.1\r\nX: " + "a".repeat(2000) + "\r\n\r\n";
        assertThatThrownBy(() -> HttpWire.readRequestHead(in(big), 1024, 10))
                .isInstanceOfSatisfying(HttpParseException.class, e -> assertThat(e.status()).isEqualTo(431));
        String many = "GET / HTTP/1.1\r\n" + "X: 1\r\n".repeat(11) + "\r\n";
        assertThatThrownBy(() -> HttpWire.readRequestHead(in(many), 1024, 10))
                .isInstanceOfSatisfying(HttpParseException.class, e -> assertThat(e.status()).isEqualTo(431));
    }

    @Test
    void rejects_ambiguous_body_framing() {
        assertThatThrownBy(() -> HttpWire.requestBody(Headers.of("Content-Length", "1", "Content-Length", "2"), in("")))
                .isInstanceOf(HttpParseException.class);
        assertThatThrownBy(() -> HttpWire.requestBody(Headers.of("Content-Length", "-1"), in("")))
                .isInstanceOf(HttpParseException.class);
        assertThatThrownBy(() -> HttpWire.requestBody(Headers.of("Transfer-Encoding", "chunked", "Content-Length", "3"), in("")))
                .isInstanceOf(HttpParseException.class);
        assertThatThrownBy(() -> HttpWire.requestBody(Headers.of("Transfer-Encoding", "gzip, chunked"), in("")))
                .isInstanceOf(HttpParseException.class);
    }

    @Test
    void reads_status_lines_with_and_without_reason() throws IOException {
        assertThat(HttpWire.readResponseHead(in("HTTP/1.1 404 Not Found\r\n\r\n"), 1024, 10).reason()).isEqualTo("Not Found");
        assertThat(HttpWire.readResponseHead(in("HTTP/1.1 204\r\n\r\n"), 1024, 10).status()).isEqualTo(204);
        assertThatThrownBy(() -> HttpWire.readResponseHead(in("HTTP/1.1 2x4 OK\r\n\r\n"), 1024, 10))
                .isInstanceOf(HttpParseException.class);
    }

    @Test
    void chunked_round_trip_keeps_bytes_and_stops_at_message_end() throws IOException {
        byte[] data = new byte[100_000];
        new Random(1).nextBytes(data);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (ChunkedOutputStream out = new ChunkedOutputStream(wire, 1000)) {
            out.write(data, 0, 10);
            out.write(data[10]);
            out.flush();
            out.write(data, 11, data.length - 11);
        }
        wire.write("NEXT".getBytes(StandardCharsets.US_ASCII));
        InputStream raw = new ByteArrayInputStream(wire.toByteArray());
        ChunkedInputStream in = new ChunkedInputStream(raw);
        assertThat(in.readAllBytes()).isEqualTo(data);
        assertThat(in.finished()).isTrue();
        assertThat(raw.readAllBytes()).asString().isEqualTo("NEXT");
    }

    @Test
    void chunked_input_accepts_extensions_and_trailers() throws IOException {
        InputStream in = new ChunkedInputStream(in("3;name=v\r\nabc\r\n0\r\nTrailer: x\r\n\r\n"));
        assertThat(in.readAllBytes()).asString().isEqualTo("abc");
    }

    @Test
    void chunked_input_rejects_bad_framing_and_truncation() {
        assertThatThrownBy(() -> new ChunkedInputStream(in("zz\r\nabc\r\n0\r\n\r\n")).readAllBytes())
                .isInstanceOf(HttpParseException.class);
        assertThatThrownBy(() -> new ChunkedInputStream(in("3\r\nabcX\r\n0\r\n\r\n")).readAllBytes())
                .isInstanceOf(HttpParseException.class);
        assertThatThrownBy(() -> new ChunkedInputStream(in("fffffffffffffffff\r\n")).readAllBytes())
                .isInstanceOf(HttpParseException.class);
        assertThatThrownBy(() -> new ChunkedInputStream(in("10\r\nabc")).readAllBytes()).isInstanceOf(EOFException.class);
    }

    @Test
    void fixed_length_input_detects_truncation() throws IOException {
        assertThat(new FixedLengthInputStream(in("abcdef"), 3).readAllBytes()).asString().isEqualTo("abc");
        assertThatThrownBy(() -> new FixedLengthInputStream(in("ab"), 3).readAllBytes()).isInstanceOf(EOFException.class);
    }

    @Test
    void error_json_escapes_the_message() {
        assertThat(new String(HttpWire.errorJson("bad \"x\"\n\u0001"), StandardCharsets.UTF_8))
                .isEqualTo("{\"message\":\"bad \\\"x\\\"\\n\\u0001\"}\n");
    }
}
