package io.berth.engine.network.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One network's DNS server, on UDP and TCP at the given address. Questions about the network's
 * containers are answered from {@link Names} (A records, TTL 600; an empty NOERROR for other types of
 * a known name — never NXDOMAIN, or resolvers asking AAAA first give up; several containers with one
 * alias all answer, in random order); everything else is forwarded as is to the upstream servers,
 * each tried in turn, and SERVFAIL comes back when none answers.
 */
public final class EmbeddedDns implements AutoCloseable {
  private static final int UPSTREAM_TIMEOUT_MS = 2000;

  /** The network's side of the server. */
  public interface Names {
    /**
     * The IPv4 addresses (4 bytes each) {@code name} has for {@code client}; empty when it is not a
     * container's name there (Docker resolves across every network the asking container is on).
     */
    List<byte[]> lookup(String name, InetAddress client);

    /** The name of the container at {@code ipv4}, for PTR questions from {@code client}. */
    Optional<String> reverse(byte[] ipv4, InetAddress client);

    /** Where to forward a question from {@code client}; empty: answer SERVFAIL (an internal network). */
    List<InetSocketAddress> upstreams(InetAddress client);
  }

  private final Names names;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private volatile boolean closed;

  private EmbeddedDns(Names names, DatagramSocket udp, ServerSocket tcp) {
    this.names = names;
    this.udp = udp;
    this.tcp = tcp;
  }

  /** Binds {@code bind} (UDP and TCP) and serves until closed. */
  public static EmbeddedDns start(InetSocketAddress bind, Names names) throws IOException {
    DatagramSocket udp = new DatagramSocket(null);
    ServerSocket tcp = new ServerSocket();
    try {
      udp.setReuseAddress(true);
      udp.bind(bind);
      tcp.setReuseAddress(true);
      // the same port as UDP's (which matters when the caller asked for any port: 0)
      tcp.bind(new InetSocketAddress(bind.getAddress(), udp.getLocalPort()), 64);
    } catch (IOException e) {
      udp.close();
      tcp.close();
      throw new IOException("DNS server on " + bind + ": " + e.getMessage(), e);
    }
    EmbeddedDns dns = new EmbeddedDns(names, udp, tcp);
    Thread.ofVirtual().name("dns-udp-" + bind).start(dns::serveUdp);
    Thread.ofVirtual().name("dns-tcp-" + bind).start(dns::serveTcp);
    return dns;
  }

  public InetSocketAddress address() { return (InetSocketAddress) udp.getLocalSocketAddress(); }

  private void serveUdp() {
    byte[] buf = new byte[4096];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        udp.receive(p);
      } catch (IOException e) {
        if (closed) return;
        continue;
      }
      byte[] query = Arrays.copyOf(p.getData(), p.getLength());
      InetSocketAddress client = (InetSocketAddress) p.getSocketAddress();
      Optional<byte[]> local = answerLocally(query, client.getAddress());
      if (local.isPresent()) {
        send(local.get(), client);
      } else {
        Thread.ofVirtual().start(() -> send(forwardUdp(query, client.getAddress()), client));
      }
    }
  }

  private void send(byte[] msg, InetSocketAddress to) {
    if (msg == null) return;
    try {
      udp.send(new DatagramPacket(msg, msg.length, to));
    } catch (IOException e) {
      // the client is gone: nothing to do
    }
  }

  private void serveTcp() {
    while (!closed) {
      Socket s;
      try {
        s = tcp.accept();
      } catch (IOException e) {
        if (closed) return;
        continue;
      }
      Thread.ofVirtual().start(() -> serveConnection(s));
    }
  }

  private void serveConnection(Socket s) {
    try (s) {
      s.setSoTimeout(10_000);
      DataInputStream in = new DataInputStream(s.getInputStream());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      while (true) {
        int len = in.readUnsignedShort();
        byte[] query = in.readNBytes(len);
        if (query.length < len) return;
        byte[] answer = answerLocally(query, s.getInetAddress()).orElseGet(() -> forwardTcp(query, s.getInetAddress()));
        if (answer == null) return;
        out.writeShort(answer.length);
        out.write(answer);
        out.flush();
      }
    } catch (IOException e) {
      // closed by the client or timed out
    }
  }

  /** The answer when the question is about the network (or unreadable); empty when it must be forwarded. */
  Optional<byte[]> answerLocally(byte[] query, InetAddress client) {
    Optional<DnsMessage> parsed = DnsMessage.parseQuery(query, query.length);
    if (parsed.isEmpty()) {
      return Optional.of(DnsMessage.idOf(query, query.length).map(id -> DnsMessage.bare(id, DnsMessage.FORMERR))
          .orElse(null)).filter(b -> b != null);
    }
    DnsMessage q = parsed.get();
    if (q.type() == DnsMessage.PTR) {
      Optional<byte[]> ip = reverseAddress(q.name());
      if (ip.isPresent()) {
        Optional<String> name = names.reverse(ip.get(), client);
        if (name.isPresent()) {
          return Optional.of(q.answer(query, DnsMessage.NOERROR, List.of(DnsMessage.encodeName(name.get()))));
        }
      }
      return Optional.empty();
    }
    List<byte[]> found = names.lookup(q.name(), client);
    if (found.isEmpty()) return Optional.empty();
    if (q.type() != DnsMessage.A) return Optional.of(q.answer(query, DnsMessage.NOERROR, List.of()));
    List<byte[]> shuffled = new ArrayList<>(found);
    Collections.shuffle(shuffled);
    return Optional.of(q.answer(query, DnsMessage.NOERROR, shuffled));
  }

  /** {@code 4.3.2.1.in-addr.arpa} as the address 1.2.3.4. */
  static Optional<byte[]> reverseAddress(String name) {
    if (!name.endsWith(".in-addr.arpa")) return Optional.empty();
    String[] p = name.substring(0, name.length() - ".in-addr.arpa".length()).split("\\.");
    if (p.length != 4) return Optional.empty();
    byte[] ip = new byte[4];
    try {
      for (int i = 0; i < 4; i++) {
        int o = Integer.parseInt(p[3 - i]);
        if (o < 0 || o > 255) return Optional.empty();
        ip[i] = (byte) o;
      }
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.of(ip);
  }

  private byte[] forwardUdp(byte[] query, InetAddress client) {
    for (InetSocketAddress up : names.upstreams(client)) {
      try (DatagramSocket s = new DatagramSocket()) {
        s.setSoTimeout(UPSTREAM_TIMEOUT_MS);
        s.connect(up);
        s.send(new DatagramPacket(query, query.length));
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (true) {
          s.receive(p);
          // only the answer to this query (same ID) is passed on
          if (p.getLength() >= 2 && buf[0] == query[0] && buf[1] == query[1]) return Arrays.copyOf(buf, p.getLength());
        }
      } catch (IOException e) {
        // try the next server
      }
    }
    return servfail(query);
  }

  private byte[] forwardTcp(byte[] query, InetAddress client) {
    for (InetSocketAddress up : names.upstreams(client)) {
      try (Socket s = new Socket()) {
        s.connect(up, UPSTREAM_TIMEOUT_MS);
        s.setSoTimeout(UPSTREAM_TIMEOUT_MS);
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeShort(query.length);
        out.write(query);
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        int len = in.readUnsignedShort();
        byte[] answer = in.readNBytes(len);
        if (answer.length == len) return answer;
      } catch (IOException e) {
        // try the next server
      }
    }
    return servfail(query);
  }

  private static byte[] servfail(byte[] query) {
    return DnsMessage.parseQuery(query, query.length)
        .map(q -> q.answer(query, DnsMessage.SERVFAIL, List.of()))
        .orElse(null);
  }

  @Override public void close() {
    closed = true;
    udp.close();
    try {
      tcp.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** For tests: whether the sockets are closed. */
  boolean isClosed() throws SocketException { return udp.isClosed() && tcp.isClosed(); }
}
