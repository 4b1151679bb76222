package io.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredefinedNetworksTest {
  @TempDir Path tmp;

  @Test
  void host_routes_are_read_from_proc_net_route() throws Exception {
    Path route = tmp.resolve("route");
    Files.writeString(route, """
        Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
        eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
        eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
        eth1\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
        """);
    assertThat(HostRoutes.read(route)).extracting(Ipv4Subnet::toString)
        .containsExactly("192.0.2.0/24", "172.17.0.0/16");
  }

  @Test
  void routes_of_berths_own_bridge_are_not_foreign_networks() throws Exception {
    Path route = tmp.resolve("route");
    Files.writeString(route, """
        Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
        berth0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
        """);
    assertThat(HostRoutes.read(route)).isEmpty();
  }

  @Test
  void default_bridge_subnet_avoids_host_routes() {
    assertThat(PredefinedNetworks.chooseSubnet(List.of())).hasToString("172.17.0.0/16");
    assertThat(PredefinedNetworks.chooseSubnet(List.of(Ipv4Subnet.parse("172.16.0.0/12"))))
        .hasToString("192.168.0.0/20");
    assertThat(PredefinedNetworks.chooseSubnet(List.of(Ipv4Subnet.parse("172.17.5.0/24"))))
        .hasToString("172.18.0.0/16");
  }

  @Test
  void the_choice_is_kept_per_data_root() throws Exception {
    Path route = tmp.resolve("route");
    Files.writeString(route, "Iface\tDestination\n");
    var first = PredefinedNetworks.load(tmp, route);
    var second = PredefinedNetworks.load(tmp, route);
    assertThat(second.all()).isEqualTo(first.all());
    var bridge = first.find("bridge").orElseThrow();
    assertThat(bridge.subnet().orElseThrow().gateway()).isEqualTo("172.17.0.1");
    assertThat(first.find(bridge.id().substring(0, 12))).contains(bridge);
    assertThat(first.find("nope")).isEmpty();
  }
}
