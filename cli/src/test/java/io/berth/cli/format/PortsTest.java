package io.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.client.model.PortSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortsTest {
  @Test
  void consecutive_ports_group_into_ranges_and_host_mappings_come_last() {
    var ports = List.of(
        new PortSummary("0.0.0.0", 80, 8080, "tcp"), new PortSummary("::", 80, 8080, "tcp"),
        new PortSummary("", 443, 0, "tcp"), new PortSummary("", 444, 0, "tcp"), new PortSummary("", 53, 0, "udp"));
    assertThat(Ports.displayable(ports)).isEqualTo("53/udp, 443-444/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp");
  }

  @Test
  void same_number_publishing_groups_per_ip() {
    var ports = List.of(
        new PortSummary("::", 90, 90, "tcp"), new PortSummary("0.0.0.0", 90, 90, "tcp"), new PortSummary("0.0.0.0", 91, 91, "tcp"),
        new PortSummary("", 100, 0, "tcp"), new PortSummary("", 102, 0, "tcp"), new PortSummary("", 101, 0, "tcp"),
        new PortSummary("", 7, 0, "tcp"), new PortSummary("", 105, 0, "tcp"));
    assertThat(Ports.displayable(ports)).isEqualTo("7/tcp, 100-102/tcp, 105/tcp, 0.0.0.0:90-91->90-91/tcp, [::]:90->90/tcp");
  }

  @Test
  void no_ports_is_empty() {
    assertThat(Ports.displayable(List.of())).isEmpty();
  }
}
