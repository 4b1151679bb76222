package io.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineHttpTest {
  @TempDir Path tmp;

  /** Serves one connection: records the request head and answers {@code response} verbatim. */
  private Thread serveOnce(ServerSocketChannel server, String response, AtomicReference<String> request) {
    return Thread.ofVirtual().start(() -> {
      try (SocketChannel c = server.accept()) {
        var buf = ByteBuffer.allocate(8192);
        var seen = new StringBuilder();
        while (!seen.toString().contains("\r\n\r\n") && c.read(buf) > 0) {
          seen.append(new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1));
          buf.clear();
        }
        request.set(seen.toString());
        if (response != null) c.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1)));
        else Thread.sleep(5000);
      } catch (Exception e) {
        // test ends the server
      }
    });
  }

  @Test
  void chunked_json_response_is_decoded() throws Exception {
    Path sock = tmp.resolve("s.sock");
    try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(sock));
      var request = new AtomicReference<String>();
      var t = serveOnce(server, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\n[{\"Id\r\n8\r\n\":\"abc\"}\r\n1\r\n]\r\n0\r\n\r\n", request);
      var r = new EngineHttp(sock).get("/containers/json?all=1");
      t.join();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get(0).get("Id").asText()).isEqualTo("abc");
      assertThat(r.header("Content-Type")).contains("application/json");
      assertThat(request.get()).startsWith("GET /containers/json?all=1 HTTP/1.1\r\n");
    }
  }

  @Test
  void content_length_response_and_post_body_work() throws Exception {
    Path sock = tmp.resolve("s.sock");
    try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(sock));
      var request = new AtomicReference<String>();
      var t = serveOnce(server, "HTTP/1.1 409 Conflict\r\nContent-Length: 20\r\n\r\n{\"message\":\"in use\"}", request);
      var r = new EngineHttp(sock).postJson("/containers/create?name=x", "{}");
      t.join();
      assertThat(r.status()).isEqualTo(409);
      assertThat(r.json().get("message").asText()).isEqualTo("in use");
      assertThat(request.get()).contains("Content-Type: application/json\r\n").contains("Content-Length: 2\r\n");
    }
  }

  @Test
  void silent_server_times_out_and_ping_is_false() throws Exception {
    Path sock = tmp.resolve("s.sock");
    try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(sock));
      serveOnce(server, null, new AtomicReference<>());
      assertThatThrownBy(() -> new EngineHttp(sock).send("GET", "/_ping", null, null, Duration.ofMillis(300)))
          .isInstanceOf(UncheckedIOException.class).hasMessageContaining("no response");
    }
    assertThat(new EngineHttp(tmp.resolve("absent.sock")).ping()).isFalse();
  }
}
