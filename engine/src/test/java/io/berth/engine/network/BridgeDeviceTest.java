package io.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BridgeDeviceTest {
  @Test
  void addresses_are_read_from_ip_one_line_output() {
    String out = """
        7: berth0    inet 172.17.0.1/16 brd 172.17.255.255 scope global berth0\\       valid_lft forever preferred_lft forever
        7: berth0    inet 172.18.0.1/16 scope global berth0\\       valid_lft forever preferred_lft forever
        """;
    assertThat(BridgeDevice.parseAddresses(out)).containsExactly("172.17.0.1/16", "172.18.0.1/16");
    assertThat(BridgeDevice.parseAddresses("")).isEmpty();
  }
}
