package io.berth.engine.network.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.network.dns.ResolvConf.Mode;
import io.berth.engine.network.dns.ResolvConf.Overrides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolvConfTest {
  @TempDir Path dir;

  private static List<String> hosts(List<java.net.InetSocketAddress> a) {
    return a.stream().map(x -> x.getAddress().getHostAddress() + ":" + x.getPort()).toList();
  }

  @Test
  void a_stub_only_host_file_means_systemds_real_list() throws Exception {
    Path etc = dir.resolve("resolv.conf");
    Path systemd = dir.resolve("systemd.conf");
    Files.writeString(etc, "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lan\n");
    Files.writeString(systemd, "nameserver 10.1.2.3\nnameserver 127.0.0.1\nsearch corp.example\n");
    assertThat(Upstreams.hostFile(etc, systemd)).isEqualTo(systemd);
    // berthd forwards from the host's namespace, where a loopback server answers (as Docker 25+)
    assertThat(hosts(Upstreams.ofHost(etc, systemd))).containsExactly("10.1.2.3:53", "127.0.0.1:53");
    assertThat(ResolvConf.ofHost(etc, systemd).search()).containsExactly("corp.example");

    Files.writeString(systemd, "");
    assertThat(hosts(Upstreams.ofHost(etc, systemd))).containsExactly("8.8.8.8:53", "8.8.4.4:53");

    Files.delete(systemd); // no systemd list: the stub itself, reachable from the host's namespace
    assertThat(Upstreams.hostFile(etc, systemd)).isEqualTo(etc);
    assertThat(hosts(Upstreams.ofHost(etc, systemd))).containsExactly("127.0.0.53:53");

    Files.writeString(etc, "nameserver 127.0.0.53\nnameserver 10.9.9.9\n"); // not stub-only: as is
    Files.writeString(systemd, "nameserver 10.1.2.3\n");
    assertThat(Upstreams.hostFile(etc, systemd)).isEqualTo(etc);

    Files.writeString(etc, "nameserver 10.255.255.53\n");
    assertThat(hosts(Upstreams.ofHost(etc, systemd))).containsExactly("10.255.255.53:53");
    assertThat(hosts(Upstreams.ofHost(dir.resolve("missing"), dir.resolve("missing2"))))
        .containsExactly("8.8.8.8:53", "8.8.4.4:53");
  }

  @Test
  void dns_servers_of_a_container_are_literals_only_and_never_its_loopback() {
    assertThat(hosts(Upstreams.addresses(List.of("1.1.1.1", "127.0.0.1", "::1", "dns.example", "1.2.3", "300.1.1.1",
        "2001:db8::1")))).containsExactly("1.1.1.1:53", "2001:db8:0:0:0:0:0:1:53");
  }

  @Test
  void default_bridge_drops_loopback_and_ipv6_servers_and_falls_back_to_google() {
    ResolvConf host = ResolvConf.parse("""
        # comment
        nameserver 127.0.0.1
        nameserver 10.0.0.2
        nameserver fd00::53
        nameserver not-an-ip
        domain old.example
        search a.example b.example
        options ndots:2 timeout:1
        sortlist 10.0.0.0/8
        """);
    assertThat(ResolvConf.forContainer(host, new Mode.Legacy(false), Overrides.NONE)).isEqualTo("""
        nameserver 10.0.0.2
        search a.example b.example
        options ndots:2 timeout:1
        sortlist 10.0.0.0/8
        """);
    assertThat(host.forContainer(new Mode.Legacy(true), Overrides.NONE).nameservers()).containsExactly("10.0.0.2", "fd00::53");
    ResolvConf loopbackOnly = ResolvConf.parse("nameserver 127.0.0.53\n");
    assertThat(ResolvConf.forContainer(loopbackOnly, new Mode.Legacy(false), Overrides.NONE))
        .isEqualTo("nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
    assertThat(loopbackOnly.forContainer(new Mode.Legacy(true), Overrides.NONE).nameservers())
        .containsExactly("8.8.8.8", "8.8.4.4", "2001:4860:4860::8888", "2001:4860:4860::8844");
  }

  @Test
  void dns_flags_override_servers_search_and_options() {
    ResolvConf host = ResolvConf.parse("nameserver 10.0.0.2\nsearch a.example\noptions rotate\n");
    var o = new Overrides(List.of("127.0.0.1", "1.1.1.1"), List.of("."), List.of("ndots:3", "attempts:2"));
    // servers given with --dns are taken as given, loopback included (Docker does not filter them)
    assertThat(ResolvConf.forContainer(host, new Mode.Legacy(false), o))
        .isEqualTo("nameserver 127.0.0.1\nnameserver 1.1.1.1\noptions ndots:3 attempts:2\n");
    assertThat(ResolvConf.forContainer(host, new Mode.HostNetwork(), new Overrides(List.of(), List.of("x.example"),
        List.of()))).isEqualTo("nameserver 10.0.0.2\nsearch x.example\noptions rotate\n");
  }

  @Test
  void user_networks_name_the_embedded_server_and_add_ndots_0_unless_ndots_is_set() {
    ResolvConf host = ResolvConf.parse("nameserver 10.0.0.2\nsearch a.example\noptions edns0\n");
    assertThat(ResolvConf.forContainer(host, new Mode.Embedded("172.18.0.1"), Overrides.NONE))
        .isEqualTo("nameserver 172.18.0.1\nsearch a.example\noptions edns0 ndots:0\n");
    assertThat(ResolvConf.forContainer(host, new Mode.Embedded("172.18.0.1"),
        new Overrides(List.of("9.9.9.9"), List.of(), List.of("ndots:5"))))
        .isEqualTo("nameserver 172.18.0.1\nsearch a.example\noptions ndots:5\n");
    ResolvConf invalid = ResolvConf.parse("nameserver 10.0.0.2\noptions ndots:-1 ndots:x rotate\n");
    assertThat(invalid.forContainer(new Mode.Embedded("172.18.0.1"), Overrides.NONE).options())
        .containsExactly("rotate", "ndots:0");
  }

  @Test
  void indented_and_semicolon_comments_are_skipped_and_the_last_search_line_counts() {
    ResolvConf r = ResolvConf.parse("  # indented\n\t; also\nnameserver 10.0.0.2 # trailing\nsearch a.example\n"
        + "domain b.example\nlookup file bind\n");
    assertThat(r.nameservers()).containsExactly("10.0.0.2");
    assertThat(r.search()).containsExactly("b.example");
    assertThat(r.other()).containsExactly("lookup file bind");
  }

  @Test
  void ndots_counts_as_set_from_the_host_or_the_container_options() {
    ResolvConf plain = ResolvConf.parse("nameserver 10.0.0.2\n");
    ResolvConf withNdots = ResolvConf.parse("nameserver 10.0.0.2\noptions ndots:2\n");
    assertThat(ResolvConf.ndotsSet(plain, List.of())).isFalse();
    assertThat(ResolvConf.ndotsSet(withNdots, List.of())).isTrue();
    assertThat(ResolvConf.ndotsSet(plain, List.of("ndots:1"))).isTrue();
    assertThat(ResolvConf.ndotsSet(withNdots, List.of("rotate"))).isFalse(); // the options were replaced
  }
}
