package io.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.cli.CommandFailure;
import io.berth.client.model.TopResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LifecycleCommandsTest {
  @Test
  void top_prints_dockers_table() {
    var top = new TopResponse(List.of("UID", "PID", "CMD"),
        List.of(List.of("root", "4242", "sh -c sleep 1"), List.of("root", "4250", "sleep 1")));
    assertThat(TopCommand.render(top)).isEqualTo("""
        UID                 PID                 CMD
        root                4242                sh -c sleep 1
        root                4250                sleep 1
        """);
  }

  private static Map<String, Object> ports() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("8080/tcp", List.of(Map.of("HostIp", "0.0.0.0", "HostPort", "18080"), Map.of("HostIp", "::", "HostPort", "18080")));
    p.put("53/udp", List.of(Map.of("HostIp", "0.0.0.0", "HostPort", "5353")));
    p.put("9/tcp", null);
    return p;
  }

  @Test
  void port_lists_every_mapping_naturally_sorted() {
    assertThat(PortCommand.lines(ports(), null, "web"))
        .containsExactly("53/udp -> 0.0.0.0:5353", "8080/tcp -> 0.0.0.0:18080", "8080/tcp -> [::]:18080");
  }

  @Test
  void port_of_one_private_port_defaults_to_tcp() {
    assertThat(PortCommand.lines(ports(), "8080", "web")).containsExactly("0.0.0.0:18080", "[::]:18080");
    assertThat(PortCommand.lines(ports(), "53/udp", "web")).containsExactly("0.0.0.0:5353");
  }

  @Test
  void port_not_published_is_dockers_error() {
    assertThatThrownBy(() -> PortCommand.lines(ports(), "80/tcp", "web")).isInstanceOf(CommandFailure.class)
        .hasMessage("Error: No public port '80/tcp' published for web");
    assertThatThrownBy(() -> PortCommand.lines(ports(), "9", "web"))
        .hasMessage("Error: No public port '9' published for web");
    assertThatThrownBy(() -> PortCommand.lines(Map.of(), "http", "web"))
        .hasMessage("Error: invalid port (http): strconv.ParseUint: parsing \"http\": invalid syntax");
  }

  @Test
  void natural_order_compares_numbers_by_value() {
    var l = new ArrayList<>(List.of("80/tcp", "8080/tcp", "443/tcp", "9/tcp"));
    l.sort(PortCommand.NATURAL);
    assertThat(l).containsExactly("9/tcp", "80/tcp", "443/tcp", "8080/tcp");
  }

  @Test
  void events_format_json_is_the_json_template_and_bad_templates_are_status_64() {
    assertThat(EventsCommand.template("json")).isPresent();
    assertThat(EventsCommand.template(null)).isEmpty();
    assertThatThrownBy(() -> EventsCommand.template("{{.Foo")).isInstanceOf(CommandFailure.class)
        .satisfies(e -> assertThat(((CommandFailure) e).exitCode()).isEqualTo(64))
        .hasMessageStartingWith("Error parsing format: ");
  }
}
