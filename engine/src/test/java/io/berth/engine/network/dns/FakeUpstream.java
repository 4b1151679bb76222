package io.berth.engine.network.dns;

import io.berth.engine.network.dns.DnsMessage.Parsed;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A stand-in upstream DNS server for tests, UDP and TCP on one loopback port: {@code reply} maps a
 * query (and whether it came over TCP) to the datagrams to send back (none: stay silent).
 */
final class FakeUpstream implements AutoCloseable {
  final DatagramSocket udp;
  final ServerSocket tcp;
  final List<String> seen = new CopyOnWriteArrayList<>();

  FakeUpstream(BiFunction<DnsMessage, Boolean, List<byte[]>> reply) throws Exception {
    DatagramSocket u = null;
    ServerSocket t = null;
    for (int attempt = 1; t == null; attempt++) { // the UDP port may be taken for TCP: another one then
      u = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
      try {
        t = new ServerSocket();
        t.setReuseAddress(true);
        t.bind(new InetSocketAddress("127.0.0.1", u.getLocalPort()));
      } catch (java.io.IOException e) {
        u.close();
        if (t != null) t.close();
        t = null;
        if (attempt == 10) throw e;
      }
    }
    udp = u;
    tcp = t;
    Thread.ofVirtual().start(() -> {
      byte[] buf = new byte[65535];
      while (!udp.isClosed()) {
        try {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          udp.receive(p);
          DnsMessage q = ((Parsed.Ok) DnsMessage.parse(Arrays.copyOf(buf, p.getLength()), p.getLength())).message();
          seen.add("udp " + q.questions().getFirst().name());
          for (byte[] r : reply.apply(q, false)) udp.send(new DatagramPacket(r, r.length, p.getSocketAddress()));
        } catch (Exception e) {
          // closed
        }
      }
    });
    Thread.ofVirtual().start(() -> {
      while (!tcp.isClosed()) {
        try (Socket s = tcp.accept()) {
          var in = new DataInputStream(s.getInputStream());
          byte[] b = in.readNBytes(in.readUnsignedShort());
          DnsMessage q = ((Parsed.Ok) DnsMessage.parse(b, b.length)).message();
          seen.add("tcp " + q.questions().getFirst().name());
          var out = new DataOutputStream(s.getOutputStream());
          for (byte[] r : reply.apply(q, true)) {
            out.writeShort(r.length);
            out.write(r);
          }
          out.flush();
        } catch (Exception e) {
          // closed
        }
      }
    });
  }

  InetSocketAddress address() { return (InetSocketAddress) udp.getLocalSocketAddress(); }

  /** An answer to {@code q} with {@code rcode} and {@code flags} added. */
  static byte[] answer(DnsMessage q, int rcode, int extraFlags, List<DnsMessage.Resource> records) {
    DnsMessage r = DnsMessage.reply(q, rcode, records);
    return new DnsMessage(r.id(), r.flags() | extraFlags, r.questions(), r.answers(), List.of(), List.of())
        .encode(DnsMessage.MAX_SIZE);
  }

  @Override public void close() throws Exception {
    udp.close();
    tcp.close();
  }
}
