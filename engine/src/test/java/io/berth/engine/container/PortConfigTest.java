package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.container.PortConfig.Binding;
import io.berth.engine.container.PortConfig.Publication;
import io.berth.oci.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortConfigTest {
  @Test
  void port_keys_are_normalised_with_tcp_by_default() {
    assertThat(PortConfig.Port.parse("8080")).hasToString("8080/tcp");
    assertThat(PortConfig.Port.parse("53/UDP")).hasToString("53/udp");
    assertThatThrownBy(() -> PortConfig.Port.parse("http/tcp")).hasMessage("invalid port specification: \"http\"");
    assertThatThrownBy(() -> PortConfig.Port.parse("70000")).hasMessage("invalid port specification: \"70000\"");
    assertThatThrownBy(() -> PortConfig.Port.parse("80/icmp")).hasMessage("invalid proto: icmp");
  }

  @Test
  void exposed_ports_with_bindings_are_published_as_bound() {
    var p = PortConfig.of(List.of("8080/tcp", "9090"), Map.of("8080/tcp", List.of(new Binding("127.0.0.1", "18080"),
        new Binding("", ""))), false);
    assertThat(p.exposed()).containsExactly("8080/tcp", "9090/tcp");
    assertThat(p.publications()).containsExactly(
        new Publication(new PortConfig.Port(8080, "tcp"), new Binding("127.0.0.1", "18080")),
        new Publication(new PortConfig.Port(8080, "tcp"), new Binding("", "")));
  }

  @Test
  void publish_all_gives_every_unbound_exposed_port_an_ephemeral_one() {
    var p = PortConfig.of(List.of("80/tcp", "443/tcp"), Map.of("443/tcp", List.of(new Binding("", "8443"))), true);
    assertThat(p.publications()).containsExactly(
        new Publication(new PortConfig.Port(443, "tcp"), new Binding("", "8443")),
        new Publication(new PortConfig.Port(80, "tcp"), new Binding("", "")));
  }

  @Test
  void a_binding_of_a_port_that_is_not_exposed_publishes_nothing() {
    // Docker's daemon publishes exposed ports only; its CLI exposes what -p names.
    var p = PortConfig.of(List.of(), Map.of("8080/tcp", List.of(new Binding("", "8080"))), false);
    assertThat(p.publications()).isEmpty();
  }

  @Test
  void host_ports_and_ips_are_checked_with_dockers_messages() {
    assertThatThrownBy(() -> PortConfig.of(List.of("80"), Map.of("80/tcp", List.of(new Binding("", "x"))), false))
        .hasMessage("invalid port specification: \"x\"");
    assertThatThrownBy(() -> PortConfig.of(List.of("80"), Map.of("80/tcp", List.of(new Binding("", "90-80"))), false))
        .hasMessage("invalid port specification: \"90-80\"");
    assertThatThrownBy(() -> PortConfig.of(List.of("80"), Map.of("80/tcp", List.of(new Binding("localhost", ""))), false))
        .hasMessage("invalid IP address: localhost");
    assertThat(new Binding("", "8000-8010").hostPortRange()).containsExactly(8000, 8010);
    assertThat(new Binding("", "").hostPortRange()).containsExactly(0, 0);
  }

  @Test
  void udp_is_published_and_sctp_refused_for_now() {
    var udp = PortConfig.of(List.of("53/udp"), Map.of("53/udp", List.of(new Binding("", "5353"))), false);
    assertThat(udp.publications()).containsExactly(
        new PortConfig.Publication(new PortConfig.Port(53, "udp"), new Binding("", "5353")));
    assertThatThrownBy(() -> PortConfig.of(List.of("132/sctp"), Map.of(), true))
        .hasMessage("publishing sctp ports is not supported yet: 132/sctp");
    // exposing alone is fine
    assertThat(PortConfig.of(List.of("132/sctp"), Map.of(), false).exposed()).containsExactly("132/sctp");
  }

  @Test
  void survives_the_container_store_round_trip() {
    var p = PortConfig.of(List.of("8080/tcp"), Map.of("8080/tcp", List.of(new Binding("", "8080"))), true);
    assertThat(Json.read(Json.bytes(p), PortConfig.class)).isEqualTo(p);
    var h = Json.read("{}".getBytes(), HostOptions.class);
    assertThat(h.ports()).isEqualTo(PortConfig.NONE);
    assertThat(h.binds()).isEmpty();
  }
}
