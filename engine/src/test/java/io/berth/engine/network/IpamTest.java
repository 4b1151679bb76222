package io.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpamTest {
  private static final Ipv4Subnet NET = Ipv4Subnet.parse("10.9.0.0/24");
  private static final long GW = Ipv4Subnet.address("10.9.0.1");

  private static long a(String s) { return Ipv4Subnet.address(s); }

  @Test
  void first_address_skips_network_and_gateway() {
    assertThat(Ipv4Subnet.dotted(Ipam.next(NET, NET, GW, Set.of(), 0))).isEqualTo("10.9.0.2");
  }

  @Test
  void allocation_is_serial_and_does_not_reuse_a_freed_address_at_once() {
    long next = Ipam.next(NET, NET, GW, Set.of(a("10.9.0.3")), a("10.9.0.2"));
    assertThat(Ipv4Subnet.dotted(next)).isEqualTo("10.9.0.4");
  }

  @Test
  void allocation_wraps_and_never_gives_the_broadcast_address() {
    long next = Ipam.next(NET, NET, GW, Set.of(), a("10.9.0.254"));
    assertThat(Ipv4Subnet.dotted(next)).isEqualTo("10.9.0.2");
  }

  @Test
  void ip_range_limits_the_pool() {
    Ipv4Subnet range = Ipv4Subnet.parse("10.9.0.128/30");
    assertThat(Ipv4Subnet.dotted(Ipam.next(NET, range, GW, Set.of(), 0))).isEqualTo("10.9.0.128");
  }

  @Test
  void exhausted_pool_is_a_clear_error() {
    Ipv4Subnet tiny = Ipv4Subnet.parse("10.9.0.0/30");
    assertThatThrownBy(() -> Ipam.next(tiny, tiny, GW, Set.of(a("10.9.0.2")), 0))
        .isInstanceOf(BerthException.Unavailable.class).hasMessageContaining("no available IPv4 addresses");
  }

  @Test
  void requested_address_must_be_in_the_pool_and_free() {
    assertThat(Ipam.requested(NET, Optional.empty(), GW, Set.of(), "10.9.0.50")).isEqualTo(a("10.9.0.50"));
    assertThatThrownBy(() -> Ipam.requested(NET, Optional.empty(), GW, Set.of(), "10.8.0.5"))
        .hasMessage("no configured subnet or ip-range contain the IP address 10.8.0.5");
    assertThatThrownBy(() -> Ipam.requested(NET, Optional.empty(), GW, Set.of(a("10.9.0.50")), "10.9.0.50"))
        .isInstanceOf(BerthException.Conflict.class).hasMessage("Address already in use");
    assertThatThrownBy(() -> Ipam.requested(NET, Optional.empty(), GW, Set.of(), "10.9.0.1"))
        .hasMessage("Address already in use");
    assertThatThrownBy(() -> Ipam.requested(NET, Optional.empty(), GW, Set.of(), "10.9.0.999"))
        .hasMessage("invalid IPv4 address: 10.9.0.999");
  }
}
