package io.berth.engine.network.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.engine.network.Ipv4Subnet;
import io.berth.engine.network.NetworkPlumbing.BridgeNet;
import io.berth.engine.network.NetworkPlumbing.Endpoint;
import io.berth.oci.Json;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CniBridgePlumbingTest {
  static Inet4Address ip(String s) throws IOException {
    return (Inet4Address) InetAddress.getByName(s);
  }

  static BridgeNet net(int mtu) throws IOException {
    return new BridgeNet("f".repeat(64), "br-ffffffffffff", Ipv4Subnet.parse("10.88.0.0/16"), ip("10.88.0.1"),
        false, true, mtu);
  }

  @Test
  void the_bridge_config_gives_static_address_route_and_dockers_mac() throws IOException {
    ObjectNode c = CniBridgePlumbing.bridgeConfig("1.0.0", net(0),
        new Endpoint("cid", "eth0", ip("10.88.1.2"), Optional.empty(), true));
    assertThat(Json.mapper().readTree(Json.string(c))).isEqualTo(Json.mapper().readTree("""
        {"cniVersion":"1.0.0","name":"berth-%s","type":"bridge","bridge":"br-ffffffffffff",
         "isGateway":false,"isDefaultGateway":false,"ipMasq":false,"hairpinMode":true,
         "ipam":{"type":"static","addresses":[{"address":"10.88.1.2/16","gateway":"10.88.0.1"}],
                 "routes":[{"dst":"0.0.0.0/0"}]},
         "runtimeConfig":{"mac":"02:42:0a:58:01:02"}}
        """.formatted("f".repeat(64))));
  }

  @Test
  void without_the_default_route_there_are_no_routes_and_a_given_mac_and_mtu_are_kept() throws IOException {
    ObjectNode c = CniBridgePlumbing.bridgeConfig("1.0.0", net(1400),
        new Endpoint("cid", "eth1", ip("10.88.0.200"), Optional.of("02:AB:00:00:00:01"), false));
    assertThat(c.get("mtu").asInt()).isEqualTo(1400);
    assertThat(c.get("ipam").has("routes")).isFalse();
    assertThat(c.get("runtimeConfig").get("mac").asText()).isEqualTo("02:ab:00:00:00:01");
  }

  @Test
  void docker_mac_is_02_42_and_the_address() {
    assertThat(CniBridgePlumbing.dockerMac(new byte[] {(byte) 172, 17, 0, (byte) 255})).isEqualTo("02:42:ac:11:00:ff");
  }

  @Test
  void the_mac_comes_from_the_interface_inside_the_namespace() throws IOException {
    var result = Json.mapper().readTree("""
        {"cniVersion":"1.0.0","interfaces":[{"name":"br-x","mac":"aa:aa:aa:aa:aa:aa"},
          {"name":"veth1","mac":"bb:bb:bb:bb:bb:bb"},
          {"name":"eth0","mac":"02:42:0a:58:01:02","sandbox":"/proc/9/ns/net"}],
         "ips":[{"interface":2,"address":"10.88.1.2/16","gateway":"10.88.0.1"}]}
        """);
    assertThat(CniBridgePlumbing.macOf(result, "eth0")).contains("02:42:0a:58:01:02");
    assertThat(CniBridgePlumbing.macOf(result, "eth1")).isEmpty();
  }
}
