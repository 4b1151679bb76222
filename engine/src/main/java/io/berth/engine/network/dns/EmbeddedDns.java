package io.berth.engine.network.dns;

import io.berth.engine.network.dns.DnsMessage.Parsed;
import io.berth.engine.network.dns.DnsMessage.Question;
import io.berth.engine.network.dns.DnsMessage.Resource;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One network's DNS server, on UDP and TCP (2-byte length framing) at one address, as Docker's
 * embedded resolver behaves:
 * <ul>
 *   <li>A: the addresses {@link Names} knows for the name (TTL 600, in random order — several
 *       containers with one alias all answer, round robin);
 *   <li>AAAA and MX of a known name: NOERROR without records (never NXDOMAIN: resolvers that ask
 *       AAAA too would give up on the name; MX empty is RFC 5321's "implicit MX");
 *   <li>PTR of {@code d.c.b.a.in-addr.arpa} for a container's address: its name;
 *   <li>anything else (and other classes than IN) is forwarded as is to the client's upstream
 *       servers, at most three, each in turn, over the protocol the client used — a truncated UDP
 *       answer is relayed with TC so that the client asks again over TCP, which is forwarded over
 *       TCP; SERVFAIL and REFUSED answers move on to the next server; SERVFAIL when none answers.
 * </ul>
 * Local answers over UDP fit 512 bytes, or the client's EDNS size, with TC set when records had to
 * go. Packets that claim to be responses are dropped; unreadable queries get FORMERR when their
 * header is readable, other opcodes NOTIMP. UDP queries are served by a virtual thread each, at most
 * {@value #MAX_IN_FLIGHT} at once (beyond that: REFUSED, as Docker when its forwarding limit is
 * reached); at most {@value #MAX_TCP} TCP connections, idle ones closed after 10 s.
 */
public final class EmbeddedDns implements AutoCloseable {
  static final int MAX_IN_FLIGHT = 1024;
  static final int MAX_TCP = 128;
  static final int MAX_UPSTREAMS = 3;
  private static final int TCP_IDLE_MS = 10_000;

  /** The network's side of the server; called concurrently. */
  public interface Names {
    /**
     * The IPv4 addresses (4 bytes each) {@code name} (lower-cased, no trailing dot) has for
     * {@code client}; empty when it is not a container's name there (Docker resolves across every
     * network the asking container is on).
     */
    List<byte[]> lookup(String name, InetAddress client);

    /** The name of the container at {@code ipv4}, for PTR questions from {@code client}. */
    Optional<String> reverse(byte[] ipv4, InetAddress client);

    /** Where to forward a question from {@code client}; empty: answer SERVFAIL (an internal network). */
    List<InetSocketAddress> upstreams(InetAddress client);

    /**
     * Whether {@code client}'s resolv.conf sets ndots itself ({@link ResolvConf#ndotsSet}): then an
     * unknown single-label A/AAAA name is answered empty, not forwarded, as Docker does, so the
     * client's search domains get their turn.
     */
    default boolean ndotsSet(InetAddress client) { return false; }
  }

  private final Names names;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Timeouts timeouts;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final Semaphore connections = new Semaphore(MAX_TCP);
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger workers = new AtomicInteger();
  private final List<Thread> acceptors = new ArrayList<>();
  private volatile boolean closed;

  /** How long one upstream server gets (connect, then answer). */
  record Timeouts(int upstreamMillis) {}

  private EmbeddedDns(Names names, DatagramSocket udp, ServerSocket tcp, Timeouts timeouts) {
    this.names = names;
    this.udp = udp;
    this.tcp = tcp;
    this.timeouts = timeouts;
  }

  /** Binds {@code bind} (UDP and TCP, the same port) and serves until closed. */
  public static EmbeddedDns start(InetSocketAddress bind, Names names) throws IOException {
    return start(bind, names, new Timeouts(2000));
  }

  static EmbeddedDns start(InetSocketAddress bind, Names names, Timeouts timeouts) throws IOException {
    DatagramSocket udp;
    ServerSocket tcp;
    for (int attempt = 1; ; attempt++) {
      udp = new DatagramSocket(null);
      tcp = new ServerSocket();
      try {
        udp.setReuseAddress(true);
        udp.bind(bind);
        tcp.setReuseAddress(true);
        // the same port as UDP's (which matters when the caller asked for any port: 0)
        tcp.bind(new InetSocketAddress(bind.getAddress(), udp.getLocalPort()), 64);
        break;
      } catch (IOException e) {
        udp.close();
        tcp.close();
        // any port: the one UDP got may be taken for TCP; another try gets another port
        if (bind.getPort() != 0 || attempt == 10) {
          throw new IOException("DNS server on " + bind + ": " + e.getMessage(), e);
        }
      }
    }
    EmbeddedDns dns = new EmbeddedDns(names, udp, tcp, timeouts);
    dns.acceptors.add(Thread.ofVirtual().name("dns-udp-" + bind).start(dns::serveUdp));
    dns.acceptors.add(Thread.ofVirtual().name("dns-tcp-" + bind).start(dns::serveTcp));
    return dns;
  }

  public InetSocketAddress address() { return (InetSocketAddress) udp.getLocalSocketAddress(); }

  private void serveUdp() {
    byte[] buf = new byte[DnsMessage.MAX_SIZE];
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
      if (!inFlight.tryAcquire()) {
        refuse(query).ifPresent(r -> send(r, client));
        continue;
      }
      workers.incrementAndGet();
      try {
        Thread.ofVirtual().start(() -> {
          try {
            answer(query, client.getAddress(), false).ifPresent(r -> send(r, client));
          } finally {
            workers.decrementAndGet();
            inFlight.release();
          }
        });
      } catch (RuntimeException | OutOfMemoryError e) {
        // no thread for it: the client asks again; the loop must go on for the others
        workers.decrementAndGet();
        inFlight.release();
      }
    }
  }

  private void send(byte[] msg, InetSocketAddress to) {
    try {
      udp.send(new DatagramPacket(msg, msg.length, to));
    } catch (IOException e) {
      // the client is gone or the server closed: nothing to do
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
      if (!connections.tryAcquire()) {
        closeQuietly(s);
        continue;
      }
      open.add(s);
      workers.incrementAndGet();
      try {
        Thread.ofVirtual().start(() -> {
          try {
            serveConnection(s);
          } finally {
            release(s);
          }
        });
      } catch (RuntimeException | OutOfMemoryError e) {
        release(s); // no thread for it: the connection is closed, the loop goes on
      }
    }
  }

  private void release(Socket s) {
    open.remove(s);
    closeQuietly(s);
    workers.decrementAndGet();
    connections.release();
  }

  private void serveConnection(Socket s) {
    try {
      DataInputStream in = new DataInputStream(s.getInputStream());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      while (!closed) {
        s.setSoTimeout(TCP_IDLE_MS);
        int len = in.readUnsignedShort();
        // once a query has begun, it must be whole within the idle time, however slowly it trickles in
        byte[] query = UpstreamExchange.readFully(s, in, len, System.nanoTime() + TCP_IDLE_MS * 1_000_000L);
        if (len == 0 || query.length < len) return;
        Optional<byte[]> answer = answer(query, s.getInetAddress(), true);
        if (answer.isEmpty()) continue; // dropped (a response sent to us): nothing to say
        out.writeShort(answer.get().length);
        out.write(answer.get());
        out.flush();
      }
    } catch (IOException e) {
      // closed by the client, timed out, or the server closed
    }
  }

  /**
   * {@link #handle}, where a failure of the network's side ({@link Names} reads berthd's store) is
   * SERVFAIL for the client rather than an exception that ends the worker without a word.
   */
  private Optional<byte[]> answer(byte[] packet, InetAddress client, boolean overTcp) {
    try {
      return handle(packet, client, overTcp);
    } catch (RuntimeException e) {
      if (!(DnsMessage.parse(packet, packet.length) instanceof Parsed.Ok(DnsMessage q)) || q.isResponse()) {
        return Optional.empty();
      }
      return Optional.of(DnsMessage.reply(q, DnsMessage.SERVFAIL, List.of())
          .encode(overTcp ? DnsMessage.MAX_SIZE : DnsMessage.MIN_UDP));
    }
  }

  /** The reply to one packet from {@code client}; empty: say nothing. */
  Optional<byte[]> handle(byte[] packet, InetAddress client, boolean overTcp) {
    Parsed parsed = DnsMessage.parse(packet, packet.length);
    if (parsed instanceof Parsed.Malformed m) {
      if (m.id().isEmpty() || (m.flags() & DnsMessage.QR) != 0) return Optional.empty();
      return Optional.of(DnsMessage.bareReply(m.id().get(), m.flags(), DnsMessage.FORMERR));
    }
    DnsMessage q = ((Parsed.Ok) parsed).message();
    if (q.isResponse()) return Optional.empty();
    if (q.opcode() != 0) return Optional.of(DnsMessage.bareReply(q.id(), q.flags(), DnsMessage.NOTIMP));
    if (q.questions().size() != 1) return Optional.of(DnsMessage.bareReply(q.id(), q.flags(), DnsMessage.FORMERR));
    int limit = overTcp ? DnsMessage.MAX_SIZE : q.udpPayloadSize();
    Optional<DnsMessage> local = answerLocally(q, client);
    if (local.isPresent()) return Optional.of(local.get().encode(limit));
    return Optional.of(forward(packet, q, client, overTcp));
  }

  /** The answer when the question is about the network's containers; empty when it must be forwarded. */
  Optional<DnsMessage> answerLocally(DnsMessage q, InetAddress client) {
    Question question = q.questions().getFirst();
    if (question.qclass() != DnsMessage.IN) return Optional.empty();
    String name = question.lowerName();
    switch (question.type()) {
      case DnsMessage.A, DnsMessage.AAAA, DnsMessage.MX -> {
        List<byte[]> found = names.lookup(name, client);
        if (!found.isEmpty()) {
          if (question.type() != DnsMessage.A) return Optional.of(DnsMessage.reply(q, DnsMessage.NOERROR, List.of()));
          List<Resource> answers = new ArrayList<>();
          for (byte[] ip : found) if (ip.length == 4) answers.add(Resource.a(question.name(), ip));
          Collections.shuffle(answers);
          return Optional.of(DnsMessage.reply(q, DnsMessage.NOERROR, answers));
        }
        // Docker's rule: with ndots set by the user, an unknown single label is not for the outside
        boolean single = !name.contains(".");
        if (question.type() != DnsMessage.MX && single && names.ndotsSet(client)) {
          return Optional.of(DnsMessage.reply(q, DnsMessage.NOERROR, List.of()));
        }
        return Optional.empty();
      }
      case DnsMessage.PTR -> {
        return reverseAddress(name).flatMap(ip -> names.reverse(ip, client))
            .map(n -> DnsMessage.reply(q, DnsMessage.NOERROR, List.of(Resource.ptr(question.name(), n))));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  /** {@code 4.3.2.1.in-addr.arpa} as the address 1.2.3.4. */
  static Optional<byte[]> reverseAddress(String name) {
    if (!name.endsWith(".in-addr.arpa")) return Optional.empty();
    String[] p = name.substring(0, name.length() - ".in-addr.arpa".length()).split("\\.", -1);
    if (p.length != 4) return Optional.empty();
    byte[] ip = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!p[3 - i].matches("\\d{1,3}")) return Optional.empty();
      int o = Integer.parseInt(p[3 - i]);
      if (o > 255) return Optional.empty();
      ip[i] = (byte) o;
    }
    return Optional.of(ip);
  }

  /** The upstream servers' answer to {@code packet}, verbatim, or SERVFAIL. */
  private byte[] forward(byte[] packet, DnsMessage q, InetAddress client, boolean overTcp) {
    List<InetSocketAddress> ups = names.upstreams(client);
    for (InetSocketAddress up : ups.subList(0, Math.min(ups.size(), MAX_UPSTREAMS))) {
      if (closed) break;
      Optional<byte[]> answer = overTcp ? UpstreamExchange.exchangeTcp(packet, q, up, timeouts.upstreamMillis())
          : UpstreamExchange.exchangeUdp(packet, q, up, timeouts.upstreamMillis());
      if (answer.isPresent()) return answer.get();
    }
    return DnsMessage.reply(q, DnsMessage.SERVFAIL, List.of()).encode(overTcp ? DnsMessage.MAX_SIZE : DnsMessage.MIN_UDP);
  }

  private static Optional<byte[]> refuse(byte[] packet) {
    if (!(DnsMessage.parse(packet, packet.length) instanceof Parsed.Ok(DnsMessage q)) || q.isResponse()) return Optional.empty();
    return Optional.of(DnsMessage.reply(q, DnsMessage.REFUSED, List.of()).encode(DnsMessage.MIN_UDP));
  }

  @Override public void close() {
    closed = true;
    udp.close();
    closeQuietly(tcp);
    open.forEach(EmbeddedDns::closeQuietly);
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** For tests: queries and connections being served now. */
  int activeWorkers() { return workers.get(); }

  /** For tests: waits for the receiving threads to end after {@link #close}. */
  boolean awaitStopped(long millis) throws InterruptedException {
    for (Thread t : acceptors) if (!t.join(java.time.Duration.ofMillis(millis))) return false;
    return true;
  }
}
