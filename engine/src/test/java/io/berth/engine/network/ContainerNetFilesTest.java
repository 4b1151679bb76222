package io.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.container.NetworkOptions;
import io.berth.engine.network.dns.ResolvConf;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerNetFilesTest {
  private final ContainerNetFiles files = new ContainerNetFiles(null, () -> "172.17.0.1",
      () -> ResolvConf.parse("# host\nnameserver 10.255.255.53\nsearch corp.example\noptions edns0\n"));

  private static Network net(String name, boolean predefined) {
    return new Network("a".repeat(64), name, "bridge", Instant.EPOCH, Optional.of(Ipv4Subnet.parse("10.5.0.0/24")),
        Optional.of("10.5.0.1"), Optional.empty(), "br-x", false, false, Map.of(), Map.of(), predefined);
  }

  private static ContainerNetworking.Joined joined(Network n) {
    return new ContainerNetworking.Joined(n, new Attachment(n.id(), "c", 0, NetworkOptions.EndpointConfig.NONE,
        Optional.of(Ipv4Subnet.address("10.5.0.7")), Optional.empty(), Optional.of("eth0")));
  }

  @Test
  void extra_hosts_accept_both_separators_and_host_gateway() {
    assertThat(ContainerNetFiles.extraHost("db:10.0.0.9", () -> "gw")).isEqualTo("10.0.0.9\tdb");
    assertThat(ContainerNetFiles.extraHost("db=10.0.0.9", () -> "gw")).isEqualTo("10.0.0.9\tdb");
    assertThat(ContainerNetFiles.extraHost("v6:::1", () -> "gw")).isEqualTo("::1\tv6");
    assertThat(ContainerNetFiles.extraHost("h:host-gateway", () -> "172.17.0.1")).isEqualTo("172.17.0.1\th");
    assertThatThrownBy(() -> ContainerNetFiles.extraHost("nohost", () -> "gw")).hasMessageContaining("add-host");
  }

  @Test
  void user_networks_use_the_embedded_server_and_keep_search_and_options() {
    String r = files.resolvConf(NetworkOptions.NONE, List.of(joined(net("app", false))), false);
    assertThat(r).contains("nameserver 10.5.0.1\n").doesNotContain("10.255.255.53")
        .contains("search corp.example\n").contains("options edns0 ndots:0\n"); // Docker's ndots:0 added
    var o = new NetworkOptions(Map.of(), List.of("1.1.1.1"), List.of(), List.of(), List.of());
    // --dns servers are where the embedded server forwards to: the file still names the gateway
    assertThat(files.resolvConf(o, List.of(joined(net("app", false))), false))
        .isEqualTo("nameserver 10.5.0.1\nsearch corp.example\noptions edns0 ndots:0\n");
  }

  @Test
  void default_bridge_uses_the_hosts_servers_unless_dns_is_given() {
    assertThat(files.resolvConf(NetworkOptions.NONE, List.of(joined(net("bridge", true))), false))
        .contains("nameserver 10.255.255.53\n");
    var o = new NetworkOptions(Map.of(), List.of("1.1.1.1"), List.of("a.example"), List.of("ndots:2"), List.of());
    assertThat(files.resolvConf(o, List.of(joined(net("bridge", true))), false))
        .isEqualTo("nameserver 1.1.1.1\nsearch a.example\noptions ndots:2\n"); // host comments are not kept
  }

  @Test
  void default_bridge_and_none_drop_loopback_servers_and_fall_back_to_google_but_host_network_keeps_them() {
    var local = new ContainerNetFiles(null, () -> "172.17.0.1",
        () -> ResolvConf.parse("nameserver 127.0.0.1\nnameserver ::1\nsearch lan\n"));
    assertThat(local.resolvConf(NetworkOptions.NONE, List.of(joined(net("bridge", true))), false))
        .isEqualTo("nameserver 8.8.8.8\nnameserver 8.8.4.4\nsearch lan\n");
    assertThat(local.resolvConf(NetworkOptions.NONE, List.of(), false)) // --network none
        .isEqualTo("nameserver 8.8.8.8\nnameserver 8.8.4.4\nsearch lan\n");
    assertThat(local.resolvConf(NetworkOptions.NONE, List.of(), true))
        .isEqualTo("nameserver 127.0.0.1\nnameserver ::1\nsearch lan\n");
  }
}
