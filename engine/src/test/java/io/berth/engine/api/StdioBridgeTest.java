package io.berth.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.runtime.ConmonAttach;
import io.berth.engine.sys.SeqPacketServer;
import io.berth.engine.sys.SeqPacketSocket;
import io.berth.http.Headers;
import io.berth.http.client.Upgraded;
import io.berth.oci.DetachKeys;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge between a hijacked client and conmon's attach socket, against a fake conmon (a
 * SOCK_SEQPACKET listener speaking conmon's packet format) and a real socket pair for the client.
 */
class StdioBridgeTest {
  @TempDir Path tmp;

  private SeqPacketServer conmonListener;
  private ConmonAttach attach;
  private SeqPacketSocket conmon; // conmon's side
  private SocketChannel client;   // the API client's side
  private Upgraded hijacked;      // the daemon's side of the client connection

  @BeforeEach
  void connect() throws Throwable {
    conmonListener = new SeqPacketServer(tmp.resolve("attach"));
    attach = ConmonAttach.connect(tmp);
    conmon = conmonListener.accept();
    Path http = tmp.resolve("http.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(http));
      client = SocketChannel.open(UnixDomainSocketAddress.of(http));
      SocketChannel daemonSide = server.accept();
      hijacked = new Upgraded(101, new Headers(), Channels.newInputStream(daemonSide), daemonSide);
    }
  }

  @AfterEach
  void close() throws Exception {
    attach.close();
    conmon.close();
    conmonListener.close();
    client.close();
    hijacked.close();
  }

  @Test
  void tty_output_is_raw_stdin_passes_and_the_detach_keys_end_the_bridge_without_reaching_conmon() throws Exception {
    var o = new StdioBridge.Options(true, true, true, true, DetachKeys.DEFAULT, false);
    CompletableFuture<StdioBridge.End> end = CompletableFuture.supplyAsync(() -> run(o));
    conmonSends(ConmonAttach.STDOUT_PIPE, "/ # ");
    assertThat(clientReads(4)).isEqualTo("/ # ");
    clientSends("ls\n\u0010");
    assertThat(conmonReads()).isEqualTo("ls\n");
    clientSends("\u0011echo never\n");
    assertThat(end.get(5, TimeUnit.SECONDS)).isEqualTo(StdioBridge.End.DETACHED);
    // the bridge closed its conmon connection; conmon saw no more input, the sequence included
    assertThat(conmon.read(new byte[64])).isEqualTo(-1);
  }

  @Test
  void stdin_once_without_tty_closes_the_containers_stdin_at_eof_and_keeps_the_output() throws Exception {
    var o = new StdioBridge.Options(false, true, true, true, DetachKeys.DEFAULT, true);
    CompletableFuture<StdioBridge.End> end = CompletableFuture.supplyAsync(() -> run(o));
    clientSends("hello\n");
    client.shutdownOutput();
    assertThat(conmonReads()).isEqualTo("hello\n");
    assertThat(conmon.read(new byte[64])).as("stdin closed").isEqualTo(-1);
    assertThat(end).isNotDone();
    conmonSends(ConmonAttach.STDOUT_PIPE, "hello\n");
    conmonSends(ConmonAttach.STDERR_PIPE, "bye\n");
    conmon.close(); // the container exited
    assertThat(end.get(5, TimeUnit.SECONDS)).isEqualTo(StdioBridge.End.OUTPUT_ENDED);
    hijacked.closeWrite();
    byte[] all = Channels.newInputStream(client).readAllBytes();
    assertThat(all).containsExactly(concat(frame(1, "hello\n"), frame(2, "bye\n")));
  }

  @Test
  void end_of_stdin_ends_the_attach_when_not_stdin_once() throws Exception {
    var o = new StdioBridge.Options(false, true, true, true, DetachKeys.DEFAULT, false);
    CompletableFuture<StdioBridge.End> end = CompletableFuture.supplyAsync(() -> run(o));
    clientSends("x");
    client.shutdownOutput();
    assertThat(end.get(5, TimeUnit.SECONDS)).isEqualTo(StdioBridge.End.STDIN_ENDED);
    assertThat(conmonReads()).isEqualTo("x");
  }

  @Test
  void detach_keys_are_ignored_without_tty_and_unwanted_streams_are_dropped() throws Exception {
    var o = new StdioBridge.Options(false, true, true, false, DetachKeys.DEFAULT, false);
    CompletableFuture<StdioBridge.End> end = CompletableFuture.supplyAsync(() -> run(o));
    clientSends("a\u0010\u0011b");
    assertThat(conmonReads()).isEqualTo("a\u0010\u0011b");
    conmonSends(ConmonAttach.STDERR_PIPE, "dropped");
    conmonSends(ConmonAttach.STDOUT_PIPE, "kept");
    conmon.close();
    assertThat(end.get(5, TimeUnit.SECONDS)).isEqualTo(StdioBridge.End.OUTPUT_ENDED);
    hijacked.closeWrite();
    assertThat(Channels.newInputStream(client).readAllBytes()).containsExactly(frame(1, "kept"));
  }

  @Test
  void without_stdin_the_clients_half_close_changes_nothing() throws Exception {
    var o = new StdioBridge.Options(true, false, true, true, DetachKeys.DEFAULT, false);
    CompletableFuture<StdioBridge.End> end = CompletableFuture.supplyAsync(() -> run(o));
    client.shutdownOutput();
    Thread.sleep(200);
    assertThat(end).isNotDone();
    conmonSends(ConmonAttach.STDOUT_PIPE, "late");
    assertThat(clientReads(4)).isEqualTo("late");
    conmon.close();
    assertThat(end.get(5, TimeUnit.SECONDS)).isEqualTo(StdioBridge.End.OUTPUT_ENDED);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private StdioBridge.End run(StdioBridge.Options o) {
    try {
      return StdioBridge.run("test", hijacked, attach, o);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void conmonSends(int pipe, String text) throws Exception {
    byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
    byte[] p = new byte[t.length + 1];
    p[0] = (byte) pipe;
    System.arraycopy(t, 0, p, 1, t.length);
    conmon.write(p, 0, p.length);
  }

  private String conmonReads() throws Exception {
    byte[] buf = new byte[SeqPacketSocket.MAX_PACKET];
    int n = conmon.read(buf);
    return n < 0 ? "<eof>" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
  }

  private void clientSends(String text) throws Exception {
    client.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
  }

  private String clientReads(int n) throws Exception {
    InputStream in = Channels.newInputStream(client);
    return new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
  }

  private static byte[] frame(int stream, String text) {
    byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) stream, 0, 0, 0, 0, 0, 0, (byte) t.length});
    out.writeBytes(t);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = new byte[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
