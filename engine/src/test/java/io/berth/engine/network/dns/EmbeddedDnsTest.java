package io.berth.engine.network.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.network.dns.DnsMessage.Parsed;
import io.berth.engine.network.dns.DnsMessage.Resource;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server over real loopback sockets; upstreams are tiny stand-in servers of the test's own. */
class EmbeddedDnsTest {
  private EmbeddedDns dns;
  private final List<FakeUpstream> upstreams = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    if (dns != null) dns.close();
    for (FakeUpstream u : upstreams) u.close();
  }

  private static final byte[] WEB = {10, 0, 0, 7};
  private static final List<byte[]> REPLICAS = List.of(new byte[] {10, 0, 0, 11}, new byte[] {10, 0, 0, 12},
      new byte[] {10, 0, 0, 13}, new byte[] {10, 0, 0, 14});
  private volatile boolean ndots;

  private EmbeddedDns start(List<InetSocketAddress> ups) throws Exception {
    return start(ups, 2000);
  }

  private EmbeddedDns start(List<InetSocketAddress> ups, int timeoutMs) throws Exception {
    dns = EmbeddedDns.start(new InetSocketAddress("127.0.0.1", 0), new EmbeddedDns.Names() {
      @Override public List<byte[]> lookup(String name, InetAddress client) {
        return switch (name) {
          case "web", "alias" -> List.of(WEB);
          case "replica" -> REPLICAS;
          case "many" -> many(100);
          case "broken" -> throw new IllegalStateException("the store failed");
          default -> List.of();
        };
      }

      @Override public Optional<String> reverse(byte[] ip, InetAddress client) {
        return Arrays.equals(ip, WEB) ? Optional.of("web.front") : Optional.empty();
      }

      @Override public List<InetSocketAddress> upstreams(InetAddress client) { return ups; }

      @Override public boolean ndotsSet(InetAddress client) { return ndots; }
    }, new EmbeddedDns.Timeouts(timeoutMs));
    return dns;
  }

  private static List<byte[]> many(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(new byte[] {10, 1, (byte) (i / 250), (byte) (i % 250 + 1)});
    return out;
  }

  private FakeUpstream upstream(BiFunction<DnsMessage, Boolean, List<byte[]>> reply) throws Exception {
    FakeUpstream u = new FakeUpstream(reply);
    upstreams.add(u);
    return u;
  }

  static byte[] query(int id, String name, int type) { return DnsMessage.query(id, name, type).encode(512); }

  private byte[] ask(byte[] q) throws Exception {
    return askUdp(q).orElseThrow(() -> new AssertionError("no answer"));
  }

  private Optional<byte[]> askUdp(byte[] q) throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(5000);
      s.send(new DatagramPacket(q, q.length, dns.address()));
      byte[] buf = new byte[65535];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        s.receive(p);
      } catch (SocketTimeoutException e) {
        return Optional.empty();
      }
      return Optional.of(Arrays.copyOf(buf, p.getLength()));
    }
  }

  private byte[] askUntilAnswered(byte[] q) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      try (DatagramSocket s = new DatagramSocket()) {
        s.setSoTimeout(1000);
        s.send(new DatagramPacket(q, q.length, dns.address()));
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        byte[] a = Arrays.copyOf(buf, p.getLength());
        if (rcode(a) != DnsMessage.REFUSED || System.currentTimeMillis() > deadline) return a;
      } catch (SocketTimeoutException e) {
        if (System.currentTimeMillis() > deadline) throw new AssertionError("no answer in 30 s");
      }
    }
  }

  /** Sends {@code p}, waits a little, asks a real question: the first datagram back must be its answer. */
  private void assertNoAnswer(byte[] p) throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(5000);
      s.send(new DatagramPacket(p, p.length, dns.address()));
      Thread.sleep(300);
      byte[] q = query(999, "web", DnsMessage.A);
      s.send(new DatagramPacket(q, q.length, dns.address()));
      byte[] buf = new byte[65535];
      DatagramPacket got = new DatagramPacket(buf, buf.length);
      s.receive(got);
      assertThat(parsed(Arrays.copyOf(buf, got.getLength())).id()).isEqualTo(999);
    }
  }

  private byte[] askTcp(byte[] q) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(dns.address(), 5000);
      s.setSoTimeout(5000);
      var out = new DataOutputStream(s.getOutputStream());
      out.writeShort(q.length);
      out.write(q);
      out.flush();
      var in = new DataInputStream(s.getInputStream());
      return in.readNBytes(in.readUnsignedShort());
    }
  }

  private static DnsMessage parsed(byte[] a) { return ((Parsed.Ok) DnsMessage.parse(a, a.length)).message(); }

  private static int rcode(byte[] a) { return a[3] & 0x0f; }

  private static int answers(byte[] a) { return ((a[6] & 0xff) << 8) | (a[7] & 0xff); }

  @Test
  void answers_container_names_case_insensitively_with_their_address() throws Exception {
    start(List.of());
    byte[] a = ask(query(7, "WEB", DnsMessage.A));
    DnsMessage m = parsed(a);
    assertThat(m.id()).isEqualTo(7);
    assertThat(m.isResponse()).isTrue();
    assertThat(m.rcode()).isZero();
    assertThat(m.flags() & DnsMessage.RD).isNotZero();
    assertThat(m.flags() & DnsMessage.RA).isNotZero();
    assertThat(m.answers()).singleElement().satisfies(r -> {
      assertThat(r.name()).isEqualTo("WEB"); // the case asked in, for 0x20-randomising resolvers
      assertThat(r.type()).isEqualTo(DnsMessage.A);
      assertThat(r.ttl()).isEqualTo(600);
      assertThat(r.rdata()).isEqualTo(WEB);
    });
  }

  @Test
  void aaaa_and_mx_of_a_known_name_are_an_empty_success_not_nxdomain() throws Exception {
    start(List.of());
    for (int type : new int[] {DnsMessage.AAAA, DnsMessage.MX}) {
      byte[] a = ask(query(8, "alias", type));
      assertThat(rcode(a)).isZero();
      assertThat(answers(a)).isZero();
    }
  }

  @Test
  void an_alias_of_several_containers_answers_all_of_them_in_shuffled_order() throws Exception {
    start(List.of());
    Set<String> firsts = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      DnsMessage m = parsed(ask(query(i, "replica", DnsMessage.A)));
      assertThat(m.answers()).extracting(r -> Arrays.toString(r.rdata()))
          .containsExactlyInAnyOrderElementsOf(REPLICAS.stream().map(Arrays::toString).toList());
      firsts.add(Arrays.toString(m.answers().getFirst().rdata()));
    }
    assertThat(firsts).hasSizeGreaterThan(1);
  }

  @Test
  void ptr_names_the_container_on_its_network() throws Exception {
    start(List.of());
    DnsMessage m = parsed(ask(query(9, "7.0.0.10.in-addr.arpa", DnsMessage.PTR)));
    assertThat(m.answers()).singleElement().satisfies(r -> {
      assertThat(r.type()).isEqualTo(DnsMessage.PTR);
      assertThat(r.target()).contains("web.front");
    });
  }

  @Test
  void other_names_are_forwarded_and_the_upstream_answer_relayed() throws Exception {
    FakeUpstream up = upstream((q, tcp) -> List.of(FakeUpstream.answer(q, DnsMessage.NXDOMAIN, 0, List.of())));
    start(List.of(up.address()));
    assertThat(rcode(ask(query(10, "elsewhere.example", DnsMessage.A)))).isEqualTo(DnsMessage.NXDOMAIN);
    // unknown PTRs and other types of known names are the upstream's business too, as with Docker
    assertThat(rcode(ask(query(11, "9.9.9.9.in-addr.arpa", DnsMessage.PTR)))).isEqualTo(DnsMessage.NXDOMAIN);
    assertThat(rcode(ask(query(12, "web", DnsMessage.TXT)))).isEqualTo(DnsMessage.NXDOMAIN);
    assertThat(up.seen).containsExactly("udp elsewhere.example", "udp 9.9.9.9.in-addr.arpa", "udp web");
  }

  @Test
  void no_upstream_is_servfail_and_garbage_is_formerr() throws Exception {
    start(List.of());
    assertThat(rcode(ask(query(11, "elsewhere.example", DnsMessage.A)))).isEqualTo(DnsMessage.SERVFAIL);
    byte[] garbage = {0, 12, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 63, 'x'};
    byte[] a = ask(garbage);
    assertThat(rcode(a)).isEqualTo(DnsMessage.FORMERR);
    assertThat(a[1]).isEqualTo((byte) 12);
    // and it still serves afterwards
    assertThat(answers(ask(query(13, "web", DnsMessage.A)))).isEqualTo(1);
  }

  @Test
  void a_failing_lookup_is_servfail_and_leaves_the_server_serving() throws Exception {
    start(List.of());
    assertThat(rcode(ask(query(14, "broken", DnsMessage.A)))).isEqualTo(DnsMessage.SERVFAIL);
    assertThat(rcode(askTcp(query(15, "broken", DnsMessage.A)))).isEqualTo(DnsMessage.SERVFAIL);
    assertThat(answers(ask(query(16, "web", DnsMessage.A)))).isEqualTo(1);
    assertThat(answers(askTcp(query(17, "web", DnsMessage.A)))).isEqualTo(1);
    long deadline = System.currentTimeMillis() + 5000;
    while (dns.activeWorkers() > 0 && System.currentTimeMillis() < deadline) Thread.sleep(20);
    assertThat(dns.activeWorkers()).isZero(); // the failed workers released their slots
  }

  @Test
  void responses_and_headerless_packets_get_no_answer_other_opcodes_notimp() throws Exception {
    start(List.of());
    byte[] response = FakeUpstream.answer(DnsMessage.query(20, "web", DnsMessage.A), 0, 0, List.of());
    assertNoAnswer(response);
    assertNoAnswer(new byte[] {1, 2, 3});
    byte[] update = query(21, "web", DnsMessage.A);
    update[2] |= (byte) (5 << 3); // opcode UPDATE
    assertThat(rcode(ask(update))).isEqualTo(DnsMessage.NOTIMP);
    DnsMessage two = new DnsMessage(22, DnsMessage.RD, List.of(new DnsMessage.Question("web", 1, 1),
        new DnsMessage.Question("alias", 1, 1)), List.of(), List.of(), List.of());
    assertThat(rcode(ask(two.encode(512)))).isEqualTo(DnsMessage.FORMERR);
  }

  @Test
  void udp_answers_fit_512_bytes_or_the_edns_size_with_tc_set_and_tcp_carries_them_all() throws Exception {
    start(List.of());
    byte[] plain = ask(query(30, "many", DnsMessage.A));
    assertThat(plain.length).isLessThanOrEqualTo(512);
    assertThat(parsed(plain).truncated()).isTrue();
    assertThat(parsed(plain).answers()).isNotEmpty().hasSizeLessThan(100);

    DnsMessage edns = new DnsMessage(31, DnsMessage.RD, List.of(new DnsMessage.Question("many", 1, 1)), List.of(),
        List.of(), List.of(Resource.opt(4096)));
    DnsMessage big = parsed(ask(edns.encode(512)));
    assertThat(big.truncated()).isFalse();
    assertThat(big.answers()).hasSize(100);

    DnsMessage overTcp = parsed(askTcp(query(32, "many", DnsMessage.A)));
    assertThat(overTcp.truncated()).isFalse();
    assertThat(overTcp.answers()).hasSize(100);
  }

  @Test
  void tcp_queries_are_answered_with_length_framing_several_on_one_connection() throws Exception {
    start(List.of());
    try (Socket s = new Socket()) {
      s.connect(dns.address(), 5000);
      s.setSoTimeout(5000);
      var out = new DataOutputStream(s.getOutputStream());
      var in = new DataInputStream(s.getInputStream());
      for (int i = 0; i < 3; i++) {
        byte[] q = query(14 + i, "web", DnsMessage.A);
        out.writeShort(q.length);
        out.write(q);
        out.flush();
        byte[] a = in.readNBytes(in.readUnsignedShort());
        assertThat(parsed(a).id()).isEqualTo(14 + i);
        assertThat(answers(a)).isEqualTo(1);
      }
    }
  }

  @Test
  void tcp_queries_are_forwarded_over_tcp() throws Exception {
    FakeUpstream up = upstream((q, tcp) -> List.of(FakeUpstream.answer(q, 0, 0,
        List.of(Resource.a(q.questions().getFirst().name(), new byte[] {93, (byte) 184, (byte) 216, 34})))));
    start(List.of(up.address()));
    DnsMessage m = parsed(askTcp(query(40, "example.org", DnsMessage.A)));
    assertThat(m.answers()).singleElement().extracting(Resource::rdata).isEqualTo(new byte[] {93, (byte) 184, (byte) 216, 34});
    assertThat(up.seen).containsExactly("tcp example.org");
  }

  @Test
  void a_truncated_upstream_answer_is_relayed_so_the_client_retries_over_tcp() throws Exception {
    FakeUpstream up = upstream((q, tcp) -> List.of(tcp
        ? FakeUpstream.answer(q, 0, 0, List.of(Resource.a(q.questions().getFirst().name(), new byte[] {1, 2, 3, 4})))
        : FakeUpstream.answer(q, 0, DnsMessage.TC, List.of())));
    start(List.of(up.address()));
    assertThat(parsed(ask(query(41, "big.example", DnsMessage.A))).truncated()).isTrue();
    assertThat(parsed(askTcp(query(42, "big.example", DnsMessage.A))).answers()).hasSize(1);
    assertThat(up.seen).containsExactly("udp big.example", "tcp big.example");
  }

  @Test
  void silent_failing_and_spoofed_upstreams_are_passed_over_for_the_next_server() throws Exception {
    FakeUpstream silent = upstream((q, tcp) -> List.of());
    FakeUpstream failing = upstream((q, tcp) -> List.of(FakeUpstream.answer(q, DnsMessage.SERVFAIL, 0, List.of())));
    FakeUpstream good = upstream((q, tcp) -> {
      DnsMessage wrongId = DnsMessage.query(q.id() ^ 1, q.questions().getFirst().name(), DnsMessage.A);
      DnsMessage wrongName = DnsMessage.query(q.id(), "evil.example", DnsMessage.A);
      return List.of(FakeUpstream.answer(wrongId, 0, 0, List.of(Resource.a("x", new byte[] {6, 6, 6, 6}))),
          FakeUpstream.answer(wrongName, 0, 0, List.of(Resource.a("x", new byte[] {6, 6, 6, 6}))),
          new byte[] {1, 2, 3},
          FakeUpstream.answer(q, 0, 0, List.of(Resource.a("ok.example", new byte[] {5, 5, 5, 5}))));
    });
    start(List.of(silent.address(), failing.address(), good.address()), 500);
    DnsMessage m = parsed(ask(query(50, "ok.example", DnsMessage.A)));
    assertThat(m.answers()).singleElement().extracting(Resource::rdata).isEqualTo(new byte[] {5, 5, 5, 5});
    assertThat(silent.seen).hasSize(1);
    assertThat(failing.seen).hasSize(1);
  }

  @Test
  void a_tcp_upstream_trickling_its_answer_is_given_up_on_at_its_deadline() throws Exception {
    try (var trickler = new java.net.ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> {
        try (Socket s = trickler.accept()) {
          var in = new DataInputStream(s.getInputStream());
          in.readNBytes(in.readUnsignedShort());
          var out = s.getOutputStream();
          out.write(new byte[] {0, 100}); // 100 bytes promised, one every 200 ms: each read is quick
          for (int i = 0; i < 100; i++) {
            out.write(0);
            out.flush();
            Thread.sleep(200);
          }
        } catch (Exception e) {
          // given up on by the server, as expected
        }
      });
      FakeUpstream good = upstream((q, tcp) -> List.of(FakeUpstream.answer(q, 0, 0,
          List.of(Resource.a(q.questions().getFirst().name(), new byte[] {5, 5, 5, 5})))));
      start(List.of((InetSocketAddress) trickler.getLocalSocketAddress(), good.address()), 1000);
      long t0 = System.nanoTime();
      DnsMessage m = parsed(askTcp(query(53, "slow.example", DnsMessage.A)));
      assertThat(m.answers()).singleElement().extracting(Resource::rdata).isEqualTo(new byte[] {5, 5, 5, 5});
      assertThat((System.nanoTime() - t0) / 1_000_000L).isLessThan(4000); // not 20 s of trickle
    }
  }

  @Test
  void all_upstreams_failing_is_servfail() throws Exception {
    FakeUpstream silent = upstream((q, tcp) -> List.of());
    FakeUpstream refusing = upstream((q, tcp) -> List.of(FakeUpstream.answer(q, DnsMessage.REFUSED, 0, List.of())));
    start(List.of(silent.address(), refusing.address()), 300);
    assertThat(rcode(ask(query(51, "down.example", DnsMessage.A)))).isEqualTo(DnsMessage.SERVFAIL);
    assertThat(rcode(askTcp(query(52, "down.example", DnsMessage.A)))).isEqualTo(DnsMessage.SERVFAIL);
  }

  @Test
  void with_ndots_set_an_unknown_single_label_is_answered_empty_not_forwarded() throws Exception {
    FakeUpstream up = upstream((q, tcp) -> List.of(FakeUpstream.answer(q, DnsMessage.NXDOMAIN, 0, List.of())));
    start(List.of(up.address()));
    ndots = true;
    byte[] a = ask(query(60, "printer", DnsMessage.A));
    assertThat(rcode(a)).isZero();
    assertThat(answers(a)).isZero();
    assertThat(rcode(ask(query(61, "printer.lan", DnsMessage.A)))).isEqualTo(DnsMessage.NXDOMAIN);
    ndots = false;
    assertThat(rcode(ask(query(62, "printer", DnsMessage.A)))).isEqualTo(DnsMessage.NXDOMAIN);
    assertThat(up.seen).containsExactly("udp printer.lan", "udp printer");
  }

  @Test
  void hostile_packets_never_stop_the_server_and_leave_no_threads_behind() throws Exception {
    start(List.of());
    Random rnd = new Random(8);
    byte[] valid = query(70, "web", DnsMessage.A);
    try (DatagramSocket s = new DatagramSocket()) {
      for (int i = 0; i < 3000; i++) {
        byte[] p;
        if (i % 2 == 0) {
          p = new byte[rnd.nextInt(600)];
          rnd.nextBytes(p);
        } else {
          p = valid.clone();
          for (int k = 0; k < 1 + rnd.nextInt(4); k++) p[rnd.nextInt(p.length)] = (byte) rnd.nextInt(256);
          p = Arrays.copyOf(p, rnd.nextInt(p.length + 8));
        }
        s.send(new DatagramPacket(p, p.length, dns.address()));
      }
      byte[] oversized = new byte[65000];
      rnd.nextBytes(oversized);
      s.send(new DatagramPacket(oversized, oversized.length, dns.address()));
    }
    // TCP: a length promising more than comes, a zero length, a peer that says nothing
    try (Socket a = new Socket(); Socket b = new Socket(); Socket c = new Socket()) {
      a.connect(dns.address());
      new DataOutputStream(a.getOutputStream()).writeShort(4000);
      a.getOutputStream().write(new byte[10]);
      b.connect(dns.address());
      new DataOutputStream(b.getOutputStream()).writeShort(0);
      c.connect(dns.address());
      // a flood can fill the socket's receive buffer or the in-flight limit (REFUSED) for a while:
      // like a resolver, ask again until it has drained
      assertThat(answers(askUntilAnswered(query(71, "web", DnsMessage.A)))).isEqualTo(1);
      assertThat(answers(askTcp(query(72, "web", DnsMessage.A)))).isEqualTo(1);
      dns.close(); // with the silent connections still open
    }
    assertThat(dns.awaitStopped(5000)).isTrue();
    long deadline = System.currentTimeMillis() + 5000;
    while (dns.activeWorkers() > 0 && System.currentTimeMillis() < deadline) Thread.sleep(20);
    assertThat(dns.activeWorkers()).isZero();
  }

  @Test
  void concurrent_clients_all_get_their_own_answers() throws Exception {
    FakeUpstream up = upstream((q, tcp) -> List.of(FakeUpstream.answer(q, 0, 0,
        List.of(Resource.a(q.questions().getFirst().name(), new byte[] {9, 9, 9, (byte) q.id()})))));
    start(List.of(up.address()));
    Set<String> failures = ConcurrentHashMap.newKeySet();
    try (var pool = Executors.newFixedThreadPool(32)) {
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < 32; t++) {
        int thread = t;
        jobs.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            int id = thread * 100 + i;
            boolean local = i % 2 == 0;
            try {
              byte[] q = query(id, local ? "web" : "out" + id + ".example", DnsMessage.A);
              DnsMessage m = parsed(i % 5 == 0 ? askTcp(q) : ask(q));
              byte[] want = local ? WEB : new byte[] {9, 9, 9, (byte) id};
              if (m.id() != id || m.answers().size() != 1 || !Arrays.equals(m.answers().getFirst().rdata(), want)) {
                failures.add("query " + id);
              }
            } catch (Exception e) {
              failures.add("query " + id + ": " + e);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : jobs) f.get();
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void closing_frees_the_port() throws Exception {
    start(List.of());
    InetSocketAddress at = dns.address();
    dns.close();
    assertThat(dns.awaitStopped(5000)).isTrue();
    dns = EmbeddedDns.start(at, new EmbeddedDns.Names() {
      @Override public List<byte[]> lookup(String name, InetAddress client) { return List.of(WEB); }

      @Override public Optional<String> reverse(byte[] ip, InetAddress client) { return Optional.empty(); }

      @Override public List<InetSocketAddress> upstreams(InetAddress client) { return List.of(); }
    });
    assertThat(answers(ask(query(80, "anything", DnsMessage.A)))).isEqualTo(1);
  }
}
