package io.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.container.NetworkOptions.EndpointConfig;
import io.berth.engine.events.EventBus;
import io.berth.oci.errors.BerthException;
import io.berth.store.MetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network use cases over a real metadata store; the kernel side is a recording seam. */
class NetworkServiceTest {
  @TempDir Path dir;
  private MetadataStore db;
  private NetworkService service;
  private final Recorder plumbing = new Recorder();

  /** Records what the service asks of the kernel side; fails ensure() on request. */
  static final class Recorder implements NetworkPlumbing {
    final Set<String> bridges = new HashSet<>();
    final List<String> calls = new ArrayList<>();
    boolean failEnsure;

    @Override public void ensure(BridgeNet net) throws IOException {
      calls.add("ensure " + net.bridge());
      if (failEnsure) throw new IOException("bridge trouble");
      bridges.add(net.bridge());
    }

    @Override public void remove(BridgeNet net) {
      calls.add("remove " + net.bridge());
      bridges.remove(net.bridge());
    }

    @Override public String attach(BridgeNet net, Path netns, Endpoint e) { return "02:42:00:00:00:01"; }

    @Override public void detach(BridgeNet net, Path netns, Endpoint e) {}

    @Override public void reconcile(Collection<BridgeNet> live) { calls.add("reconcile " + live.size()); }
  }

  @BeforeEach
  void setUp() throws IOException {
    db = MetadataStore.open(dir.resolve("berth.db"));
    Path routes = dir.resolve("route");
    Files.writeString(routes, "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n"
        + "eth0\t0000110A\t00000000\t0001\t0\t0\t0\t0000FFFF\n"); // 10.17.0.0/16: not in Docker's pools anyway
    service = new NetworkService(new NetworkStore(db), plumbing, new EventBus(), routes);
    service.syncPredefined(PredefinedNetworks.load(dir, routes));
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private static NetworkService.CreateRequest req(String name, String subnet) {
    return new NetworkService.CreateRequest(name, "", Optional.ofNullable(subnet), Optional.empty(), Optional.empty(),
        false, false, false, Map.of("team", "a"), Map.of());
  }

  @Test
  void predefined_networks_are_listed_and_cannot_be_removed() {
    assertThat(service.list()).extracting(Network::name).containsExactlyInAnyOrder("bridge", "host", "none");
    assertThatThrownBy(() -> service.remove("bridge")).isInstanceOf(BerthException.Forbidden.class)
        .hasMessage("bridge is a pre-defined network and cannot be removed");
  }

  @Test
  void create_picks_a_free_default_pool_and_makes_the_bridge() throws IOException {
    Network n = service.create(req("web", null));
    assertThat(n.subnet().orElseThrow().toString()).isEqualTo("172.18.0.0/16"); // 172.17 is the default bridge's
    assertThat(n.gateway()).contains("172.18.0.1");
    assertThat(n.bridge()).isEqualTo("br-" + n.id().substring(0, 12));
    assertThat(plumbing.bridges).contains(n.bridge());
    assertThat(service.get("web").labels()).containsEntry("team", "a");
    assertThat(service.get(n.id().substring(0, 6)).name()).isEqualTo("web");
  }

  @Test
  void duplicate_names_and_overlapping_subnets_are_refused() throws IOException {
    service.create(req("a", "10.50.0.0/16"));
    assertThatThrownBy(() -> service.create(req("a", "10.51.0.0/16"))).isInstanceOf(BerthException.Conflict.class)
        .hasMessage("network with name a already exists");
    assertThatThrownBy(() -> service.create(req("b", "10.50.128.0/17"))).isInstanceOf(BerthException.Forbidden.class)
        .hasMessageContaining("Pool overlaps with other one on this address space");
    assertThat(service.list()).extracting(Network::name).doesNotContain("b");
  }

  @Test
  void bad_addressing_is_refused_before_anything_is_made() {
    assertThatThrownBy(() -> service.create(req("x", "10.0.0.0/33"))).hasMessageContaining("invalid CIDR address");
    assertThatThrownBy(() -> service.create(req("x", "banana"))).hasMessageContaining("invalid CIDR address: banana");
    assertThatThrownBy(() -> service.create(req("x", "10.60.0.5/16"))).hasMessageContaining("invalid subnet");
    var gw = new NetworkService.CreateRequest("x", "", Optional.of("10.60.0.0/16"), Optional.of("10.61.0.1"),
        Optional.empty(), false, false, false, Map.of(), Map.of());
    assertThatThrownBy(() -> service.create(gw)).hasMessage("no matching subnet for gateway 10.61.0.1");
    var range = new NetworkService.CreateRequest("x", "", Optional.of("10.60.0.0/16"), Optional.empty(),
        Optional.of("10.62.0.0/24"), false, false, false, Map.of(), Map.of());
    assertThatThrownBy(() -> service.create(range)).hasMessage("no matching subnet for range 10.62.0.0/24");
    var overlay = new NetworkService.CreateRequest("x", "overlay", Optional.empty(), Optional.empty(),
        Optional.empty(), false, false, false, Map.of(), Map.of());
    assertThatThrownBy(() -> service.create(overlay)).isInstanceOf(BerthException.NotFound.class)
        .hasMessage("plugin \"overlay\" not found");
    assertThat(service.list()).hasSize(3);
    assertThat(plumbing.calls).isEmpty();
  }

  @Test
  void a_failing_bridge_leaves_no_network_row() {
    plumbing.failEnsure = true;
    assertThatThrownBy(() -> service.create(req("broken", "10.70.0.0/24"))).hasMessageContaining("bridge trouble");
    assertThat(service.find("broken")).isEmpty();
    assertThat(plumbing.calls).last().asString().startsWith("remove ");
  }

  @Test
  void network_with_members_cannot_be_removed_and_addresses_are_unique() throws IOException {
    Network n = service.create(req("app", "10.80.0.0/29"));
    NetworkStore store = service.store();
    for (String c : List.of("c1", "c2", "c3")) store.join(n.id(), c, EndpointConfig.NONE, n.name());
    long a1 = store.allocate(n, "c1");
    long a2 = store.allocate(n, "c2");
    assertThat(a1).isNotEqualTo(a2);
    assertThat(store.allocate(n, "c1")).isEqualTo(a1); // kept while running
    store.release("c1", Optional.empty());
    long a3 = store.allocate(n, "c3");
    assertThat(a3).isNotIn(a1, a2); // serial: the freed one is not reused at once
    assertThatThrownBy(() -> service.remove("app")).isInstanceOf(BerthException.Conflict.class)
        .hasMessageContaining("has active endpoints");
    for (String c : List.of("c1", "c2", "c3")) store.leaveAll(c);
    service.remove("app");
    assertThat(service.find("app")).isEmpty();
    assertThat(plumbing.bridges).isEmpty();
  }

  @Test
  void prune_removes_unused_networks_matching_the_filter() throws IOException {
    service.create(req("one", "10.90.0.0/24"));
    Network two = service.create(req("two", "10.91.0.0/24"));
    service.store().join(two.id(), "c", EndpointConfig.NONE, "two");
    assertThat(service.prune(n -> true)).containsExactly("one");
    assertThat(service.list()).extracting(Network::name).contains("two").doesNotContain("one");
  }
}
