package io.berth.engine.network.dns;

import io.berth.engine.network.dns.DnsMessage.Parsed;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Optional;

/**
 * One question put to one upstream server for {@link EmbeddedDns}, over UDP or TCP, within a time
 * limit however the server behaves: datagrams that are not the answer (another id, another question,
 * garbage — spoofing attempts among them) are ignored until the deadline, SERVFAIL and REFUSED mean
 * "the next server", and a TCP answer must be whole by the deadline even when it trickles in.
 */
final class UpstreamExchange {
  private UpstreamExchange() {}

  static Optional<byte[]> exchangeUdp(byte[] packet, DnsMessage q, InetSocketAddress up, int timeoutMillis) {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(timeoutMillis);
      s.connect(up); // only the server's datagrams come in
      s.send(new DatagramPacket(packet, packet.length));
      byte[] buf = new byte[DnsMessage.MAX_SIZE];
      long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
      long left;
      while ((left = (deadline - System.nanoTime()) / 1_000_000L) > 0) {
        s.setSoTimeout((int) left);
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        byte[] answer = Arrays.copyOf(buf, p.getLength());
        switch (acceptable(answer, q)) {
          case USE -> { return Optional.of(answer); }
          case NEXT_SERVER -> { return Optional.empty(); }
          case IGNORE -> { }
        }
      }
    } catch (IOException e) {
      // unreachable or timed out: the next server
    }
    return Optional.empty();
  }

  static Optional<byte[]> exchangeTcp(byte[] packet, DnsMessage q, InetSocketAddress up, int timeoutMillis) {
    try (Socket s = new Socket()) {
      s.connect(up, timeoutMillis);
      long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(packet.length);
      out.write(packet);
      out.flush();
      // one deadline for the whole answer: a server trickling bytes must not hold the worker
      byte[] head = readFully(s, s.getInputStream(), 2, deadline);
      if (head.length < 2) return Optional.empty();
      int len = ((head[0] & 0xff) << 8) | (head[1] & 0xff);
      byte[] answer = readFully(s, s.getInputStream(), len, deadline);
      if (answer.length == len && acceptable(answer, q) == Verdict.USE) return Optional.of(answer);
    } catch (IOException e) {
      // unreachable, closed or timed out: the next server
    }
    return Optional.empty();
  }

  /** {@code n} bytes, fewer when the peer closed first; a timeout when they are not all there by {@code deadline}. */
  static byte[] readFully(Socket s, InputStream in, int n, long deadline) throws IOException {
    byte[] b = new byte[n];
    int got = 0;
    while (got < n) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) throw new SocketTimeoutException("too slow");
      s.setSoTimeout((int) left);
      int r = in.read(b, got, n - got);
      if (r < 0) return Arrays.copyOf(b, got);
      got += r;
    }
    return b;
  }

  private enum Verdict { USE, NEXT_SERVER, IGNORE }

  /** An upstream's datagram: the answer to this query, a failure to move on from, or something else. */
  private static Verdict acceptable(byte[] answer, DnsMessage q) {
    if (!(DnsMessage.parse(answer, answer.length) instanceof Parsed.Ok(DnsMessage a))) return Verdict.IGNORE;
    if (!a.isResponse() || a.id() != q.id()) return Verdict.IGNORE;
    if (a.questions().size() != 1 || !a.questions().getFirst().sameAs(q.questions().getFirst())) return Verdict.IGNORE;
    if (a.rcode() == DnsMessage.SERVFAIL || a.rcode() == DnsMessage.REFUSED) return Verdict.NEXT_SERVER;
    return Verdict.USE;
  }
}
