package io.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.cli.InvalidFlagValue;
import io.berth.client.ApiJson;
import io.berth.client.json.JsonWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The network flags of run/create → the create body. The expected fields are what the docker CLI
 * 28.2.2 sent for the same command lines (captured against a recording socket), less the zero
 * values it writes and berth leaves out.
 */
class NetworkFlagsTest {
  private static String json(String... args) {
    var cmd = new CreateCommand();
    new CommandLine(cmd).setStopAtPositional(true).parseArgs(args);
    var request = cmd.request(Map.of());
    String written = JsonWriter.write(request.toJson());
    assertThat(written).as("the Jackson binding agrees").isEqualTo(ApiJson.string(request));
    return written;
  }

  @Test
  void without_network_flags_the_mode_is_default_and_no_networking_config_is_sent() {
    assertThat(json("busybox")).contains("\"NetworkMode\":\"default\"").doesNotContain("NetworkingConfig")
        .doesNotContain("DnsOptions").contains("\"Hostname\":\"\",\"Domainname\":\"\"");
  }

  @Test
  void one_network_without_options_is_only_the_mode() {
    assertThat(json("--network", "n1", "busybox")).contains("\"NetworkMode\":\"n1\"").doesNotContain("NetworkingConfig");
    assertThat(json("--network", "host", "busybox")).contains("\"NetworkMode\":\"host\"").doesNotContain("NetworkingConfig");
    assertThat(json("--network", "container:abc", "-h", "x", "busybox")).contains("\"NetworkMode\":\"container:abc\"")
        .contains("\"Hostname\":\"x\"");
  }

  @Test
  void all_network_flags_reach_the_request() {
    String j = json("--network", "n1", "--ip", "10.1.0.5", "--network-alias", "a1", "--mac-address", "02:42:ac:11:00:02",
        "--dns", "1.1.1.1", "--dns-search", "ex.com", "--dns-option", "ndots:2", "--add-host", "h:1.2.3.4",
        "--add-host", "g=host-gateway", "-h", "hn", "--domainname", "dn", "busybox");
    assertThat(j).contains("\"Hostname\":\"hn\",\"Domainname\":\"dn\"").contains("\"NetworkMode\":\"n1\"")
        .contains("\"Dns\":[\"1.1.1.1\"],\"ExtraHosts\":[\"h:1.2.3.4\",\"g:host-gateway\"]")
        .contains("\"DnsOptions\":[\"ndots:2\"],\"DnsSearch\":[\"ex.com\"]")
        .endsWith("\"NetworkingConfig\":{\"EndpointsConfig\":{\"n1\":{\"IPAMConfig\":{\"IPv4Address\":\"10.1.0.5\"},"
            + "\"Aliases\":[\"a1\"],\"MacAddress\":\"02:42:ac:11:00:02\"}}}}");
  }

  @Test
  void several_networks_each_get_an_endpoint_and_the_first_is_the_mode() {
    assertThat(json("--network", "n1", "--network", "n2", "busybox")).contains("\"NetworkMode\":\"n1\"")
        .endsWith("\"NetworkingConfig\":{\"EndpointsConfig\":{\"n1\":{},\"n2\":{}}}}");
  }

  @Test
  void per_network_options_and_container_wide_ones_on_the_default_network() {
    assertThat(json("--network=name=n1,alias=a2,ip=10.0.0.3", "busybox")).contains("\"NetworkMode\":\"n1\"")
        .endsWith("{\"n1\":{\"IPAMConfig\":{\"IPv4Address\":\"10.0.0.3\"},\"Aliases\":[\"a2\"]}}}}");
    // no client-side check of --ip: docker leaves it to the daemon
    assertThat(json("--ip", "1.2.3", "busybox")).contains("\"NetworkMode\":\"default\"")
        .endsWith("{\"default\":{\"IPAMConfig\":{\"IPv4Address\":\"1.2.3\"}}}}}");
    assertThat(json("--mac-address", "02:42:ac:11:00:02", "busybox")).endsWith("{\"default\":{\"MacAddress\":\"02:42:ac:11:00:02\"}}}}");
  }

  @Test
  void refusals_have_dockers_messages() {
    assertThatThrownBy(() -> json("--network", "bridge", "--network-alias", "x", "busybox"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("network-scoped aliases are only supported for user-defined networks");
    assertThatThrownBy(() -> json("--network-alias", "x", "busybox"))
        .hasMessage("network-scoped aliases are only supported for user-defined networks");
    assertThatThrownBy(() -> json("--mac-address", "zz", "busybox")).hasMessage("zz is not a valid mac address");
    assertThatThrownBy(() -> json("--network", "", "busybox")).hasMessage("no name set for network");
    assertThatThrownBy(() -> json("--network", "n1", "--network", "n1", "busybox")).hasMessage("network \"n1\" is specified multiple times");
    assertThatThrownBy(() -> json("--network", "n1", "--network", "host", "busybox"))
        .hasMessage("conflicting options: cannot attach both user-defined and non-user-defined network-modes");
    assertThatThrownBy(() -> json("--network", "name=n1,ip=10.0.0.3", "--ip", "10.0.0.4", "busybox"))
        .hasMessage("conflicting options: cannot specify both --ip and per-network IPv4 address");
  }

  @Test
  void flag_values_are_checked_as_dockers_flag_parser_does() {
    assertThatThrownBy(() -> json("--add-host", "foo", "busybox")).isInstanceOf(InvalidFlagValue.class)
        .hasMessage("invalid argument \"foo\" for \"--add-host\" flag: bad format for add-host: \"foo\"");
    assertThatThrownBy(() -> json("--add-host", "foo:bar", "busybox"))
        .hasMessage("invalid argument \"foo:bar\" for \"--add-host\" flag: invalid IP address in add-host: \"bar\"");
    assertThatThrownBy(() -> json("--dns", "x.y", "busybox"))
        .hasMessage("invalid argument \"x.y\" for \"--dns\" flag: IP address is not correctly formatted: x.y");
    assertThatThrownBy(() -> json("--dns-search", "", "busybox"))
        .hasMessage("invalid argument \"\" for \"--dns-search\" flag:  is not a valid domain");
    assertThat(json("--add-host", "v6=[::1]", "--dns", "::1", "--dns-search", ".", "busybox"))
        .contains("\"Dns\":[\"::1\"],\"ExtraHosts\":[\"v6:::1\"]").contains("\"DnsSearch\":[\".\"]");
  }
}
