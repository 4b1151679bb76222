package io.berth.engine.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetDevStatsTest {
  @TempDir Path tmp;

  static final String NET_DEV = """
      Inter-|   Receive                                                |  Transmit
       face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
          lo:     120       2    0    0    0     0          0         0      120       2    0    0    0     0       0          0
        eth0:    5338      36    1    2    0     0          0         0      648       8    3    4    0     0       0          0
       tunl0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
        eth1:98765432109 26 0 0 0 0 0 0 690 9 0 0 0 0 0 0
      """;

  @Test
  void parses_the_endpoints_and_leaves_out_loopback_and_tunnel_devices() {
    var m = NetDevStats.parse(NET_DEV);
    assertThat(m).containsOnlyKeys("eth0", "eth1");
    assertThat(m.get("eth0")).isEqualTo(new NetDevStats.Iface(5338, 36, 1, 2, 648, 8, 3, 4));
    // a counter wide enough to touch the colon
    assertThat(m.get("eth1").rxBytes()).isEqualTo(98765432109L);
    assertThat(m.get("eth1").txPackets()).isEqualTo(9);
  }

  @Test
  void reads_a_process_net_dev_and_a_gone_process_has_none() throws Exception {
    Files.createDirectories(tmp.resolve("77/net"));
    Files.writeString(tmp.resolve("77/net/dev"), NET_DEV);
    assertThat(NetDevStats.read(tmp, 77)).containsOnlyKeys("eth0", "eth1");
    assertThat(NetDevStats.read(tmp, 78)).isEmpty();
  }
}
