package io.berth.engine.network.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server over real loopback sockets; the upstream is a tiny stand-in server of the test's own. */
class EmbeddedDnsTest {
  @TempDir Path dir;
  private EmbeddedDns dns;
  private DatagramSocket upstream;

  @AfterEach
  void tearDown() {
    if (dns != null) dns.close();
    if (upstream != null) upstream.close();
  }

  private static final byte[] WEB = {10, 0, 0, 7};

  private EmbeddedDns start(List<InetSocketAddress> upstreams) throws Exception {
    dns = EmbeddedDns.start(new InetSocketAddress("127.0.0.1", 0), new EmbeddedDns.Names() {
      @Override public List<byte[]> lookup(String name, InetAddress client) {
        return name.equals("web") || name.equals("alias") ? List.of(WEB) : List.of();
      }

      @Override public Optional<String> reverse(byte[] ip, InetAddress client) {
        return Arrays.equals(ip, WEB) ? Optional.of("web.front") : Optional.empty();
      }

      @Override public List<InetSocketAddress> upstreams(InetAddress client) { return upstreams; }
    });
    return dns;
  }

  static byte[] query(int id, String name, int type) {
    var out = new java.io.ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0});
    out.writeBytes(DnsMessage.encodeName(name));
    out.writeBytes(new byte[] {0, (byte) type, 0, 1});
    return out.toByteArray();
  }

  private byte[] ask(byte[] q) throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(5000);
      s.send(new DatagramPacket(q, q.length, dns.address()));
      byte[] buf = new byte[4096];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      s.receive(p);
      return Arrays.copyOf(buf, p.getLength());
    }
  }

  private static int rcode(byte[] a) { return a[3] & 0x0f; }

  private static int answers(byte[] a) { return ((a[6] & 0xff) << 8) | (a[7] & 0xff); }

  @Test
  void answers_container_names_case_insensitively_with_their_address() throws Exception {
    start(List.of());
    byte[] a = ask(query(7, "WEB", DnsMessage.A));
    assertThat(a[0]).isEqualTo((byte) 0);
    assertThat(a[1]).isEqualTo((byte) 7);
    assertThat(rcode(a)).isZero();
    assertThat(answers(a)).isEqualTo(1);
    assertThat(Arrays.copyOfRange(a, a.length - 4, a.length)).isEqualTo(WEB);
  }

  @Test
  void aaaa_of_a_known_name_is_an_empty_success_not_nxdomain() throws Exception {
    start(List.of());
    byte[] a = ask(query(8, "alias", DnsMessage.AAAA));
    assertThat(rcode(a)).isZero();
    assertThat(answers(a)).isZero();
  }

  @Test
  void ptr_names_the_container_on_its_network() throws Exception {
    start(List.of());
    byte[] a = ask(query(9, "7.0.0.10.in-addr.arpa", DnsMessage.PTR));
    assertThat(answers(a)).isEqualTo(1);
    assertThat(new String(a, StandardCharsets.ISO_8859_1)).contains("web").contains("front");
  }

  @Test
  void other_names_are_forwarded_and_the_upstream_answer_relayed() throws Exception {
    upstream = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    Thread.ofVirtual().start(() -> {
      try {
        byte[] buf = new byte[512];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        upstream.receive(p);
        byte[] reply = Arrays.copyOf(buf, p.getLength());
        reply[2] |= (byte) 0x80;
        reply[3] = 3; // NXDOMAIN from "upstream"
        upstream.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
      } catch (Exception e) {
        // the test fails on the missing answer
      }
    });
    start(List.of((InetSocketAddress) upstream.getLocalSocketAddress()));
    assertThat(rcode(ask(query(10, "elsewhere.example", DnsMessage.A)))).isEqualTo(DnsMessage.NXDOMAIN);
  }

  @Test
  void no_upstream_is_servfail_and_garbage_is_formerr() throws Exception {
    start(List.of());
    assertThat(rcode(ask(query(11, "elsewhere.example", DnsMessage.A)))).isEqualTo(DnsMessage.SERVFAIL);
    byte[] garbage = {0, 12, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 63, 'x'};
    assertThat(rcode(ask(garbage))).isEqualTo(DnsMessage.FORMERR);
    // and it still serves afterwards
    assertThat(answers(ask(query(13, "web", DnsMessage.A)))).isEqualTo(1);
  }

  @Test
  void tcp_queries_are_answered_with_length_framing() throws Exception {
    start(List.of());
    try (Socket s = new Socket()) {
      s.connect(dns.address(), 5000);
      s.setSoTimeout(5000);
      byte[] q = query(14, "web", DnsMessage.A);
      var out = new DataOutputStream(s.getOutputStream());
      out.writeShort(q.length);
      out.write(q);
      out.flush();
      var in = new DataInputStream(s.getInputStream());
      byte[] a = in.readNBytes(in.readUnsignedShort());
      assertThat(answers(a)).isEqualTo(1);
    }
  }

  @Test
  void upstreams_skip_loopback_and_fall_back_to_systemd_then_public_servers() throws Exception {
    Path host = dir.resolve("resolv.conf");
    Path systemd = dir.resolve("systemd.conf");
    Files.writeString(host, "nameserver 127.0.0.53\noptions edns0\n");
    Files.writeString(systemd, "nameserver 10.1.2.3\nnameserver 127.0.0.1\n");
    assertThat(Upstreams.ofHost(host, systemd)).extracting(a -> a.getAddress().getHostAddress()).containsExactly("10.1.2.3");
    Files.writeString(systemd, "");
    assertThat(Upstreams.ofHost(host, systemd)).extracting(a -> a.getAddress().getHostAddress())
        .containsExactly("8.8.8.8", "8.8.4.4");
    Files.writeString(host, "nameserver 10.255.255.53\n");
    assertThat(Upstreams.ofHost(host, systemd)).extracting(a -> a.getAddress().getHostAddress()).containsExactly("10.255.255.53");
  }
}
