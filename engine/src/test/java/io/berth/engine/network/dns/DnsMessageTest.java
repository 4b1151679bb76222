package io.berth.engine.network.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.network.dns.DnsMessage.Parsed;
import io.berth.engine.network.dns.DnsMessage.Question;
import io.berth.engine.network.dns.DnsMessage.Resource;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DnsMessageTest {
  private static DnsMessage ok(byte[] b) {
    Parsed p = DnsMessage.parse(b, b.length);
    assertThat(p).isInstanceOf(Parsed.Ok.class);
    return ((Parsed.Ok) p).message();
  }

  private static Parsed.Malformed bad(byte[] b) {
    Parsed p = DnsMessage.parse(b, b.length);
    assertThat(p).isInstanceOf(Parsed.Malformed.class);
    return (Parsed.Malformed) p;
  }

  /** An answer as a real server writes one: names compressed with pointers, CNAME then A. */
  private static byte[] compressedAnswer() {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(new byte[] {0x12, 0x34, (byte) 0x81, (byte) 0x80, 0, 1, 0, 2, 0, 0, 0, 0});
    o.writeBytes(new byte[] {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1});
    // www.example.com CNAME web.example.com (web + pointer to example.com at 16)
    o.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 6, 3, 'w', 'e', 'b', (byte) 0xc0, 16});
    // web.example.com (pointer into the CNAME's RDATA at 45) A 93.184.216.34
    o.writeBytes(new byte[] {(byte) 0xc0, 45, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 93, (byte) 184, (byte) 216, 34});
    return o.toByteArray();
  }

  @Test
  void parses_compressed_names_in_questions_answers_and_rdata() {
    DnsMessage m = ok(compressedAnswer());
    assertThat(m.id()).isEqualTo(0x1234);
    assertThat(m.isResponse()).isTrue();
    assertThat(m.questions()).containsExactly(new Question("www.example.com", DnsMessage.A, DnsMessage.IN));
    assertThat(m.answers()).hasSize(2);
    assertThat(m.answers().get(0).name()).isEqualTo("www.example.com");
    assertThat(m.answers().get(0).target()).contains("web.example.com");
    assertThat(m.answers().get(1).name()).isEqualTo("web.example.com");
    assertThat(m.answers().get(1).ttl()).isEqualTo(60);
    assertThat(m.answers().get(1).rdata()).containsExactly(93, 184, 216, 34);
  }

  @Test
  void pointer_loops_forward_pointers_and_bad_label_types_are_malformed_with_the_id() {
    byte[] self = {0, 9, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 12, 0, 1, 0, 1};
    assertThat(bad(self).id()).contains(9);
    byte[] forward = {0, 9, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 14, 0, 0, 1, 0, 1};
    bad(forward);
    byte[] ext = {0, 9, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x41, 0, 0, 1, 0, 1};
    bad(ext);
    byte[] counts = {0, 9, 1, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1};
    bad(counts);
    assertThat(bad(new byte[5]).id()).isEmpty();
  }

  /** Two answers: a TXT whose data is a root label and a chain of {@code n} pointers, each to the one before; an A named by the last. */
  private static byte[] pointerChain(int n) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(new byte[] {0, 7, (byte) 0x81, (byte) 0x80, 0, 0, 0, 2, 0, 0, 0, 0});
    int rdlen = 1 + 2 * n;
    o.writeBytes(new byte[] {0, 0, 16, 0, 1, 0, 0, 0, 0, (byte) (rdlen >> 8), (byte) rdlen});
    o.write(0); // the root label, at 23
    for (int i = 0; i < n; i++) {
      int target = i == 0 ? 23 : 24 + 2 * (i - 1);
      o.writeBytes(new byte[] {(byte) (0xc0 | target >> 8), (byte) target});
    }
    int last = 24 + 2 * (n - 1);
    o.writeBytes(new byte[] {(byte) (0xc0 | last >> 8), (byte) last, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4});
    return o.toByteArray();
  }

  @Test
  void long_compression_pointer_chains_are_malformed() {
    assertThat(ok(pointerChain(100)).answers()).hasSize(2); // 101 hops: a name may have that many
    assertThat(bad(pointerChain(200)).id()).contains(7);
    assertThat(bad(pointerChain(8_000)).id()).contains(7); // near the 14-bit pointer limit
  }

  @Test
  void names_longer_than_255_bytes_are_malformed() {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(new byte[] {0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0});
    for (int i = 0; i < 5; i++) {
      o.write(60);
      o.writeBytes("x".repeat(60).getBytes());
    }
    o.writeBytes(new byte[] {0, 0, 1, 0, 1});
    bad(o.toByteArray());
  }

  @Test
  void odd_label_bytes_are_escaped_and_survive_a_round_trip() {
    byte[] b = {0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, 'w', '.', 'b', 0, '\\', 3, 'n', 'e', 't', 0, 0, 1, 0, 1};
    DnsMessage m = ok(b);
    assertThat(m.questions().getFirst().name()).isEqualTo("w\\.b\\000\\\\.net");
    assertThat(m.encode(512)).isEqualTo(b);
  }

  @Test
  void encodes_with_compression_and_reads_back_the_same() {
    DnsMessage q = DnsMessage.query(77, "Web.Front", DnsMessage.A);
    DnsMessage r = DnsMessage.reply(q, DnsMessage.NOERROR, List.of(Resource.a("Web.Front", new byte[] {10, 0, 0, 2}),
        Resource.a("Web.Front", new byte[] {10, 0, 0, 3}), Resource.ptr("x.in-addr.arpa", "web.front")));
    byte[] wire = r.encode(512);
    // header 12 + question 15 + two A records of 16 (name as a 2-byte pointer) + the PTR
    assertThat(wire.length).isLessThan(12 + 15 + 2 * 16 + 40);
    DnsMessage back = ok(wire);
    assertThat(back.id()).isEqualTo(77);
    assertThat(back.isResponse()).isTrue();
    assertThat(back.flags() & DnsMessage.AA).isZero();
    assertThat(back.answers()).extracting(Resource::name).containsExactly("Web.Front", "Web.Front", "x.in-addr.arpa");
    assertThat(back.answers().get(2).target()).contains("web.front");
  }

  @Test
  void encoding_to_a_size_drops_records_and_sets_tc() {
    DnsMessage q = DnsMessage.query(1, "many", DnsMessage.A);
    List<Resource> rs = new ArrayList<>();
    for (int i = 0; i < 60; i++) rs.add(Resource.a("many", new byte[] {10, 0, 0, (byte) i}));
    DnsMessage r = DnsMessage.reply(q, 0, rs);
    byte[] small = r.encode(512);
    assertThat(small.length).isLessThanOrEqualTo(512);
    DnsMessage back = ok(small);
    assertThat(back.truncated()).isTrue();
    assertThat(back.answers().size()).isBetween(20, 59);
    assertThat(ok(r.encode(4096)).truncated()).isFalse();
  }

  @Test
  void edns_opt_gives_the_client_udp_size_and_is_otherwise_tolerated() {
    DnsMessage q = new DnsMessage(2, DnsMessage.RD, List.of(new Question("web", 1, 1)), List.of(), List.of(),
        List.of(Resource.opt(1232)));
    DnsMessage back = ok(q.encode(512));
    assertThat(back.udpPayloadSize()).isEqualTo(1232);
    assertThat(DnsMessage.query(3, "web", 1).udpPayloadSize()).isEqualTo(512);
    DnsMessage tiny = new DnsMessage(2, 0, List.of(new Question("web", 1, 1)), List.of(), List.of(),
        List.of(Resource.opt(100)));
    assertThat(ok(tiny.encode(512)).udpPayloadSize()).isEqualTo(512);
  }

  @Test
  void random_and_mutated_packets_never_throw() {
    Random rnd = new Random(1035);
    List<byte[]> seeds = List.of(compressedAnswer(), DnsMessage.query(5, "a.b.example", 28).encode(512),
        new DnsMessage(2, 0, List.of(new Question("web", 1, 1)), List.of(), List.of(), List.of(Resource.opt(4096)))
            .encode(512));
    int ok = 0;
    for (int i = 0; i < 200_000; i++) {
      byte[] p;
      if (i % 4 == 0) {
        p = new byte[rnd.nextInt(300)];
        rnd.nextBytes(p);
      } else {
        p = seeds.get(i % seeds.size()).clone();
        for (int k = 0; k < 1 + rnd.nextInt(3); k++) p[rnd.nextInt(p.length)] = (byte) rnd.nextInt(256);
        p = java.util.Arrays.copyOf(p, Math.max(0, p.length + rnd.nextInt(9) - 6));
      }
      Parsed r = DnsMessage.parse(p, p.length); // must not throw
      if (r instanceof Parsed.Ok(DnsMessage m)) {
        ok++;
        m.encode(512); // and what parses encodes again
      }
    }
    assertThat(ok).isPositive();
    assertThat(DnsMessage.parse(null, 0)).isInstanceOf(Parsed.Malformed.class);
    assertThat(DnsMessage.parse(new byte[20], 30)).isInstanceOf(Parsed.Malformed.class);
  }

  @Test
  void reverse_names_become_addresses_only_when_they_are_ipv4_ones() {
    assertThat(EmbeddedDns.reverseAddress("7.0.0.10.in-addr.arpa")).hasValueSatisfying(
        ip -> assertThat(ip).containsExactly(10, 0, 0, 7));
    assertThat(EmbeddedDns.reverseAddress("0.10.in-addr.arpa")).isEmpty();
    assertThat(EmbeddedDns.reverseAddress("256.0.0.10.in-addr.arpa")).isEmpty();
    assertThat(EmbeddedDns.reverseAddress("+1.0.0.10.in-addr.arpa")).isEmpty();
    assertThat(EmbeddedDns.reverseAddress("1..0.10.in-addr.arpa")).isEmpty();
  }
}
