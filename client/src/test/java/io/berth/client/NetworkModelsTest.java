package io.berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.client.json.JsonWriter;
import io.berth.client.model.ContainerConfig;
import io.berth.client.model.ContainerCreateRequest;
import io.berth.client.model.EndpointSettings;
import io.berth.client.model.HostConfig;
import io.berth.client.model.NetworkCreateRequest;
import io.berth.client.model.NetworkResource;
import io.berth.client.model.NetworkingConfig;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The network models: what they read from the daemon and what they write. */
class NetworkModelsTest {
  /** What dockerd answered to {@code GET /networks/tn1} for a network made with most create options. */
  static final String INSPECT = "{\"Name\":\"tn1\",\"Id\":\"8be461cadabee66b1f7eff28b6e7a1d2af7e5c1a478cb1ea1babecbe1b71cc3b\","
      + "\"Created\":\"2026-11-28T06:51:20.04907617Z\",\"Scope\":\"local\",\"Driver\":\"bridge\",\"EnableIPv6\":false,"
      + "\"IPAM\":{\"Driver\":\"default\",\"Options\":{},\"Config\":[{\"Subnet\":\"10.77.0.0/24\",\"IPRange\":\"10.77.0.128/25\","
      + "\"Gateway\":\"10.77.0.1\"}]},\"Internal\":true,\"Attachable\":true,\"Ingress\":false,\"ConfigFrom\":{\"Network\":\"\"},"
      + "\"ConfigOnly\":false,\"Containers\":{\"c0ffee\":{\"Name\":\"web\",\"EndpointID\":\"e1\",\"MacAddress\":\"02:42:0a:4d:00:80\","
      + "\"IPv4Address\":\"10.77.0.128/24\",\"IPv6Address\":\"\"}},\"Options\":{\"com.docker.network.bridge.name\":\"brt0\"},"
      + "\"Labels\":{\"a\":\"b\"}}";

  private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  @Test
  void inspect_answer_is_read_with_its_subnets_and_endpoints() {
    NetworkResource n = EngineClient.object(b(INSPECT), NetworkResource::fromJson);
    assertThat(n.name()).isEqualTo("tn1");
    assertThat(n.id()).startsWith("8be461cadabe");
    assertThat(n.enableIPv4()).as("absent, as from a daemon before API 1.47: Go's zero value").isFalse();
    assertThat(n.internal()).isTrue();
    assertThat(n.attachable()).isTrue();
    assertThat(n.ipam().config()).containsExactly(new NetworkResource.IpamConfig("10.77.0.0/24", "10.77.0.128/25", "10.77.0.1", Map.of()));
    assertThat(n.containers()).containsOnlyKeys("c0ffee");
    assertThat(n.containers().get("c0ffee").ipv4Address()).isEqualTo("10.77.0.128/24");
    assertThat(n.labels()).containsEntry("a", "b");
    assertThat(n.options()).containsEntry("com.docker.network.bridge.name", "brt0");
  }

  @Test
  void list_answer_with_nulls_reads_as_zero_values() {
    List<NetworkResource> l = EngineClient.list(b("[{\"Name\":\"none\",\"Id\":\"x\",\"Driver\":\"null\",\"EnableIPv4\":true,"
        + "\"IPAM\":{\"Driver\":\"default\",\"Options\":null,\"Config\":null},\"Containers\":null,\"Labels\":null}]"),
        NetworkResource::fromJson);
    assertThat(l).hasSize(1);
    assertThat(l.getFirst().enableIPv4()).isTrue();
    assertThat(l.getFirst().ipam().config()).isEmpty();
    assertThat(l.getFirst().labels()).isEmpty();
  }

  @Test
  void create_request_is_laid_out_with_only_the_options_given() {
    var subnet = new NetworkResource.IpamConfig("10.77.0.0/24", "10.77.0.128/25", "10.77.0.1", Map.of());
    var labels = new LinkedHashMap<String, String>();
    labels.put("z", "");
    labels.put("a", "b");
    var req = new NetworkCreateRequest("tn1", "bridge", Optional.empty(), Optional.empty(),
        new NetworkCreateRequest.Ipam("default", Map.of(), List.of(subnet)), true, true,
        Map.of("com.docker.network.bridge.name", "brt0"), labels);
    assertThat(JsonWriter.write(req.toJson())).isEqualTo("{\"Name\":\"tn1\",\"Driver\":\"bridge\",\"IPAM\":{\"Driver\":\"default\","
        + "\"Options\":{},\"Config\":[{\"Subnet\":\"10.77.0.0/24\",\"IPRange\":\"10.77.0.128/25\",\"Gateway\":\"10.77.0.1\"}]},"
        + "\"Internal\":true,\"Attachable\":true,\"Options\":{\"com.docker.network.bridge.name\":\"brt0\"},"
        + "\"Labels\":{\"a\":\"b\",\"z\":\"\"}}");
    var v6 = new NetworkCreateRequest("n", "", Optional.of(false), Optional.of(true), null, false, false, null, null);
    assertThat(JsonWriter.write(v6.toJson())).contains("\"EnableIPv4\":false,\"EnableIPv6\":true,\"IPAM\":{\"Driver\":\"default\","
        + "\"Options\":{},\"Config\":[]}");
  }

  @Test
  void endpoint_settings_write_only_what_was_asked() {
    assertThat(JsonWriter.write(EndpointSettings.NONE.toJson())).isEqualTo("{}");
    var e = new EndpointSettings(Optional.of(new EndpointSettings.IpamConfig(Optional.of("10.1.0.5"), Optional.empty())),
        Optional.empty(), Optional.of(List.of("a1", "a2")), Optional.of("02:42:ac:11:00:02"), Optional.of(Map.of("k", "v")));
    assertThat(JsonWriter.write(e.toJson())).isEqualTo("{\"IPAMConfig\":{\"IPv4Address\":\"10.1.0.5\"},\"Aliases\":[\"a1\",\"a2\"],"
        + "\"MacAddress\":\"02:42:ac:11:00:02\",\"DriverOpts\":{\"k\":\"v\"}}");
    assertThat(new EndpointSettings(Optional.of(new EndpointSettings.IpamConfig(Optional.of(""), Optional.empty())),
        Optional.of(List.of()), Optional.of(List.of()), Optional.of(""), Optional.of(Map.of())).isEmpty()).isTrue();
  }

  @Test
  void create_request_with_networking_is_written_as_jackson_writes_it() {
    var endpoints = new LinkedHashMap<String, EndpointSettings>();
    endpoints.put("n2", EndpointSettings.NONE);
    endpoints.put("n1", new EndpointSettings(Optional.of(new EndpointSettings.IpamConfig(Optional.of("10.1.0.5"), Optional.empty())),
        Optional.empty(), Optional.of(List.of("a1")), Optional.of("02:42:ac:11:00:02"), Optional.empty()));
    var host = HostConfig.empty().withDnsSettings(List.of("ndots:2"), List.of("example.com"));
    var withNet = new ContainerCreateRequest(ContainerConfig.empty(), host, Optional.of(new NetworkingConfig(endpoints)));
    String written = JsonWriter.write(withNet.toJson());
    assertThat(written).isEqualTo(ApiJson.string(withNet));
    assertThat(written).contains("\"DnsOptions\":[\"ndots:2\"],\"DnsSearch\":[\"example.com\"]")
        .endsWith(",\"NetworkingConfig\":{\"EndpointsConfig\":{\"n1\":{\"IPAMConfig\":{\"IPv4Address\":\"10.1.0.5\"},"
            + "\"Aliases\":[\"a1\"],\"MacAddress\":\"02:42:ac:11:00:02\"},\"n2\":{}}}}");
    var plain = new ContainerCreateRequest(ContainerConfig.empty(), HostConfig.empty());
    assertThat(JsonWriter.write(plain.toJson())).isEqualTo(ApiJson.string(plain)).doesNotContain("NetworkingConfig")
        .doesNotContain("DnsOptions");
    HostConfig back = HostConfig.fromJson(io.berth.client.json.JsonFields.of(io.berth.client.json.JsonReader.parseObject(
        b(JsonWriter.write(host.toJson())))));
    assertThat(back.dnsSettings()).isEqualTo(host.dnsSettings());
    assertThat(back.withDnsSettings(List.of(), List.of()).withAutoRemove(true).dnsSettings()).isEqualTo(HostConfig.DnsSettings.NONE);
    assertThat(host.withAutoRemove(true).dnsSettings()).isEqualTo(host.dnsSettings());
  }
}
