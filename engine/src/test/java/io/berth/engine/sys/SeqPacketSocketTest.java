package io.berth.engine.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeqPacketSocketTest {
  @TempDir Path tmp;

  @Test
  void packets_keep_their_boundaries_in_both_directions() throws Throwable {
    Path path = tmp.resolve("attach");
    try (var server = new SeqPacketServer(path); var client = SeqPacketSocket.connect(path); var peer = server.accept()) {
      client.write(bytes("one"), 0, 3);
      client.write(bytes("xtwox"), 1, 3);
      byte[] buf = new byte[SeqPacketSocket.MAX_PACKET];
      assertThat(text(buf, peer.read(buf))).isEqualTo("one");
      assertThat(text(buf, peer.read(buf))).isEqualTo("two");
      peer.write(bytes("\u0002out"), 0, 4);
      assertThat(text(buf, client.read(buf))).isEqualTo("\u0002out");
    }
  }

  @Test
  void half_close_ends_the_peers_input_but_not_the_other_direction() throws Throwable {
    Path path = tmp.resolve("attach");
    try (var server = new SeqPacketServer(path); var client = SeqPacketSocket.connect(path); var peer = server.accept()) {
      client.write(bytes("last"), 0, 4);
      client.shutdownOutput();
      client.shutdownOutput(); // idempotent
      byte[] buf = new byte[SeqPacketSocket.MAX_PACKET];
      assertThat(text(buf, peer.read(buf))).isEqualTo("last");
      assertThat(peer.read(buf)).isEqualTo(-1);
      peer.write(bytes("still"), 0, 5);
      assertThat(text(buf, client.read(buf))).isEqualTo("still");
      assertThatThrownBy(() -> client.write(bytes("x"), 0, 1)).isInstanceOf(ErrnoException.class);
    }
  }

  @Test
  void close_from_another_thread_wakes_a_blocked_read() throws Throwable {
    Path path = tmp.resolve("attach");
    try (var server = new SeqPacketServer(path); var client = SeqPacketSocket.connect(path); var peer = server.accept()) {
      CompletableFuture<Integer> read = new CompletableFuture<>();
      Thread reader = Thread.ofPlatform().start(() -> {
        try {
          read.complete(client.read(new byte[SeqPacketSocket.MAX_PACKET]));
        } catch (Throwable t) {
          read.completeExceptionally(t);
        }
      });
      Thread.sleep(100);
      assertThat(read).isNotDone();
      client.close();
      assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
      reader.join(5000);
      assertThat(client.read(new byte[16])).isEqualTo(-1);
      assertThatThrownBy(() -> client.write(bytes("x"), 0, 1)).hasMessageContaining("closed");
      client.close(); // idempotent
    }
  }

  @Test
  void peer_close_is_end_of_input_and_writing_to_it_fails_without_sigpipe() throws Throwable {
    Path path = tmp.resolve("attach");
    try (var server = new SeqPacketServer(path); var client = SeqPacketSocket.connect(path)) {
      server.accept().close();
      assertThat(client.read(new byte[16])).isEqualTo(-1);
      assertThatThrownBy(() -> client.write(bytes("x"), 0, 1))
          .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(32)); // EPIPE
    }
  }

  @Test
  void a_path_longer_than_sun_path_is_reached_through_proc_self_fd() throws Throwable {
    Path dir = tmp.resolve("d".repeat(60)).resolve("e".repeat(60));
    Files.createDirectories(dir);
    Path path = dir.resolve("attach");
    assertThat(path.toString().length()).isGreaterThan(108);
    // bind through a short symlink (a server may not bind a long path directly either)
    Path link = Files.createSymbolicLink(tmp.resolve("l"), dir);
    try (var server = new SeqPacketServer(link.resolve("attach")); var client = SeqPacketSocket.connect(path);
        var peer = server.accept()) {
      client.write(bytes("long"), 0, 4);
      byte[] buf = new byte[16];
      assertThat(text(buf, peer.read(buf))).isEqualTo("long");
    }
  }

  @Test
  void connect_failures_carry_errno() throws Throwable {
    assertThatThrownBy(() -> SeqPacketSocket.connect(tmp.resolve("missing")))
        .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Linux.ENOENT))
        .hasMessageStartingWith("connect " + tmp.resolve("missing"));
    Path path = tmp.resolve("stale");
    new SeqPacketServer(path).close(); // the file stays, nothing listens
    assertThatThrownBy(() -> SeqPacketSocket.connect(path))
        .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(111)); // ECONNREFUSED
  }

  @Test
  void a_large_packet_arrives_whole() throws Throwable {
    Path path = tmp.resolve("attach");
    try (var server = new SeqPacketServer(path); var client = SeqPacketSocket.connect(path); var peer = server.accept()) {
      byte[] big = new byte[32 * 1024];
      Arrays.fill(big, (byte) 'z');
      Thread.ofPlatform().start(() -> {
        try { peer.write(big, 0, big.length); } catch (Exception e) { throw new IllegalStateException(e); }
      });
      byte[] buf = new byte[SeqPacketSocket.MAX_PACKET];
      assertThat(client.read(buf)).isEqualTo(big.length);
    }
  }

  private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  private static String text(byte[] b, int n) { return new String(b, 0, n, StandardCharsets.UTF_8); }
}
