package io.berth.it;

import static io.berth.it.HostCommands.BUSYBOX;
import static io.berth.it.HostCommands.in;
import static io.berth.it.HostCommands.ping;
import static io.berth.it.HostCommands.run;
import static io.berth.it.HostCommands.sh;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.network.Ipv4Subnet;
import io.berth.engine.network.NetworkPlumbing.BridgeNet;
import io.berth.engine.network.NetworkPlumbing.Endpoint;
import io.berth.engine.network.cni.CniBridgePlumbing;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CniBridgePlumbing} on the real host: the CNI bridge plugin, iptables (nf_tables) and network
 * namespaces made with {@code ip netns}, traffic through busybox {@code ping} and {@code nc}. Every
 * device, namespace and rule is named after a random tag and removed afterwards, also on failure.
 *
 * <p>A dockerd sets the FORWARD policy to DROP; the test emulates that for its own devices only
 * (drop rules at the end of FORWARD matching its bridge names), so the accepts must be Berth's.
 * "Outside" is one more namespace behind a plain veth with the host: reachable only by forwarding,
 * and with no route back to the bridges' subnets, so only masqueraded traffic gets answers.
 */
class NetworkPlumbingIT {
  private static final SecureRandom RANDOM = new SecureRandom();

  private String tag;
  private String owner;
  private CniBridgePlumbing plumbing;
  private final List<BridgeNet> nets = new ArrayList<>();
  private final List<String> namespaces = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final List<Ipv4Subnet> taken = new ArrayList<>();
  /** The host sides of the veths attach made (ports of the test's bridges), seen while they existed. */
  private final Set<String> ports = new java.util.HashSet<>();
  private Ipv4Subnet outside;

  @BeforeEach
  void setUp() throws IOException {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/cni/bridge")), "needs the CNI plugins");
    Assumptions.assumeTrue(Files.isExecutable(Path.of(BUSYBOX)), "needs busybox-static");
    byte[] b = new byte[3];
    RANDOM.nextBytes(b);
    tag = HexFormat.of().formatHex(b);
    owner = "it-" + tag;
    plumbing = CniBridgePlumbing.onHost(owner, Set.of());
    sh("iptables", "-A", "FORWARD", "-i", "bt" + tag + "+", "-m", "comment", "--comment", "berth-it-" + tag, "-j", "DROP");
    sh("iptables", "-A", "FORWARD", "-o", "bt" + tag + "+", "-m", "comment", "--comment", "berth-it-" + tag, "-j", "DROP");
  }

  @AfterEach
  void cleanUp() throws IOException {
    if (tag == null) return;
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (String ns : namespaces) run("ip", "netns", "del", ns);
    for (BridgeNet n : nets) {
      try {
        plumbing.remove(n);
      } catch (IOException e) {
        System.err.println("clean-up: " + e.getMessage());
      }
    }
    plumbing.reconcile(List.of());
    CniBridgePlumbing.onHost(owner + "-2", Set.of()).reconcile(List.of());
    for (String dev : devices()) run("ip", "link", "del", dev);
    run("ip", "link", "del", "bx" + tag);
    for (String table : List.of("filter", "nat")) {
      for (String line : run("iptables", "-t", table, "-S").out().split("\n")) {
        if (line.contains("berth-it-" + tag) && line.startsWith("-A ")) {
          List<String> del = new ArrayList<>(List.of("iptables", "-t", table, "-D"));
          del.addAll(List.of(line.substring(3).replace("\"", "").split(" ")));
          run(del.toArray(String[]::new));
        }
      }
    }
  }

  // ---- the tests ------------------------------------------------------------------------------

  @Test
  void one_network_talks_inside_and_out_and_not_to_another_network() throws Exception {
    BridgeNet a = net("a", false, true);
    BridgeNet b = net("b", false, true);
    plumbing.ensure(a);
    plumbing.ensure(b);
    makeOutside();

    String n1 = netns("1");
    Path p2 = processNetns("2");
    String n3 = netns("3");
    Inet4Address ip1 = host(a, 2);
    Inet4Address ip2 = host(a, 3);
    Inet4Address ip3 = host(b, 2);

    long t0 = System.nanoTime();
    String mac1 = plumbing.attach(a, nsPath(n1), new Endpoint("c1" + tag, "eth0", ip1, Optional.empty(), true));
    long attachMs = (System.nanoTime() - t0) / 1_000_000;
    String mac2 = plumbing.attach(a, p2, new Endpoint("c2" + tag, "eth0", ip2, Optional.of("02:AA:BB:CC:DD:EE"), true));
    plumbing.attach(b, nsPath(n3), new Endpoint("c3" + tag, "eth0", ip3, Optional.empty(), true));
    System.out.println("NetworkPlumbingIT: attach took " + attachMs + " ms");

    byte[] q = ip1.getAddress();
    assertThat(mac1).isEqualTo(String.format("02:42:%02x:%02x:%02x:%02x", q[0] & 255, q[1] & 255, q[2] & 255, q[3] & 255));
    assertThat(in(n1, "ip", "link", "show", "eth0").out()).contains(mac1);
    assertThat(mac2).isEqualTo("02:aa:bb:cc:dd:ee");
    assertThat(in(n1, "ip", "-4", "addr", "show", "eth0").out()).contains(ip1.getHostAddress() + "/" + a.subnet().prefix());
    assertThat(in(n1, "ip", "route").out()).contains("default via " + a.gateway().getHostAddress() + " dev eth0");

    // Same network: ICMP and TCP both ways; the gateway; the outside (masqueraded: no route back).
    assertThat(ping(n1, a.gateway())).as("gateway").isTrue();
    assertThat(ping(n1, ip2)).as("same network").isTrue();
    assertThat(tcp(n1, p2, ip2)).as("tcp on the same network").isTrue();
    assertThat(ping(n1, outsideAddress())).as("outside through NAT").isTrue();
    assertThat(run("iptables", "-t", "nat", "-S", "POSTROUTING").out())
        .contains("-A POSTROUTING -s " + a.subnet() + " ! -o " + a.bridge() + " -m comment --comment \"berth:"
            + owner + ":" + a.id() + "\" -j MASQUERADE");

    // Across networks: dropped both ways even though each has a route to the other through the host.
    assertThat(ping(n1, ip3)).as("a -> b").isFalse();
    assertThat(ping(n3, ip1)).as("b -> a").isFalse();
    assertThat(ping(n3, b.gateway())).as("b's own gateway").isTrue();

    // Again (berthd repeats everything after a crash): nothing doubles, the endpoint comes back.
    plumbing.ensure(a);
    assertThat(ruleCount(a)).isEqualTo(6);
    assertThat(plumbing.attach(a, nsPath(n1), new Endpoint("c1" + tag, "eth0", ip1, Optional.empty(), true)))
        .isEqualTo(mac1);
    assertThat(ping(n1, ip2)).as("same network after re-attach").isTrue();

    // The cost of one attach and one detach once warm (berthd pays it per container and network).
    List<Long> attachTimes = new ArrayList<>();
    List<Long> detachTimes = new ArrayList<>();
    Endpoint e3 = new Endpoint("c3" + tag, "eth0", ip3, Optional.empty(), true);
    for (int i = 0; i < 5; i++) {
      long t = System.nanoTime();
      plumbing.detach(b, nsPath(n3), e3);
      detachTimes.add((System.nanoTime() - t) / 1_000_000);
      t = System.nanoTime();
      plumbing.attach(b, nsPath(n3), e3);
      attachTimes.add((System.nanoTime() - t) / 1_000_000);
    }
    System.out.println("NetworkPlumbingIT: warm attach ms " + attachTimes + ", detach ms " + detachTimes);
    assertThat(ping(n3, b.gateway())).as("b's own gateway after re-attaching").isTrue();

    notePorts();
    assertThat(ports).hasSize(3).allMatch(v -> v.startsWith("veth"));

    // Detach: n1 live, p2 after its process (and so its namespace) is gone, n3 live.
    t0 = System.nanoTime();
    plumbing.detach(a, nsPath(n1), new Endpoint("c1" + tag, "eth0", ip1, Optional.of(mac1), true));
    long detachMs = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("NetworkPlumbingIT: detach took " + detachMs + " ms");
    assertThat(in(n1, "ip", "link").out()).doesNotContain("eth0");
    Process holder = processes.getFirst();
    holder.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    plumbing.detach(a, p2, new Endpoint("c2" + tag, "eth0", ip2, Optional.of(mac2), true));
    plumbing.detach(b, nsPath(n3), new Endpoint("c3" + tag, "eth0", ip3, Optional.empty(), true));
    plumbing.detach(b, nsPath(n3), new Endpoint("c3" + tag, "eth0", ip3, Optional.empty(), true));

    plumbing.remove(a);
    plumbing.remove(b);
    plumbing.remove(b);
    assertNothingLeft();
  }

  @Test
  void an_internal_network_has_no_way_out() throws Exception {
    BridgeNet i = net("i", true, true);
    plumbing.ensure(i);
    makeOutside();
    String n1 = netns("1");
    String n2 = netns("2");
    Inet4Address ip1 = host(i, 2);
    Inet4Address ip2 = host(i, 3);
    plumbing.attach(i, nsPath(n1), new Endpoint("c1" + tag, "eth0", ip1, Optional.empty(), false));
    plumbing.attach(i, nsPath(n2), new Endpoint("c2" + tag, "eth0", ip2, Optional.empty(), false));
    notePorts();
    assertThat(ports).hasSize(2);

    assertThat(in(n1, "ip", "route").out()).doesNotContain("default");
    assertThat(ping(n1, ip2)).as("same network").isTrue();
    assertThat(ping(n1, i.gateway())).as("gateway").isTrue();
    assertThat(ping(n1, outsideAddress())).as("no route out").isFalse();
    // Even a container that adds a route itself is not forwarded.
    assertThat(in(n1, "ip", "route", "add", "default", "via", i.gateway().getHostAddress()).code()).isZero();
    assertThat(ping(n1, outsideAddress())).as("not forwarded").isFalse();
    assertThat(run("iptables", "-t", "nat", "-S").out()).doesNotContain(owner);

    plumbing.detach(i, nsPath(n1), new Endpoint("c1" + tag, "eth0", ip1, Optional.empty(), false));
    plumbing.detach(i, nsPath(n2), new Endpoint("c2" + tag, "eth0", ip2, Optional.empty(), false));
    plumbing.remove(i);
    assertNothingLeft();
  }

  @Test
  void the_hosts_own_namespace_is_never_touched() throws Exception {
    // What berthd passes when a container's pid has been reused by a host process.
    Path self = Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "ns", "net");
    BridgeNet n = net("h", false, true);
    String decoy = "bt" + tag + "d";
    sh("ip", "link", "add", decoy, "type", "bridge");
    Endpoint e = new Endpoint("c" + tag, decoy, host(n, 2), Optional.empty(), false);

    plumbing.detach(n, self, e);
    assertThat(Path.of("/sys/class/net", decoy)).as("host interface of the endpoint's name").exists();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> plumbing.attach(n, self, e))
        .hasMessageContaining("berthd's own network namespace");
    sh("ip", "link", "del", decoy);
    assertNothingLeft();
  }

  @Test
  void reconcile_removes_only_this_owners_leftovers_and_never_a_shared_bridge() throws Exception {
    BridgeNet live = net("l", false, true);
    BridgeNet gone = net("g", false, true);
    BridgeNet shared = net("s", false, false);
    BridgeNet others = net("o", false, true);
    plumbing.ensure(live);
    plumbing.ensure(gone);
    CniBridgePlumbing sharing = CniBridgePlumbing.onHost(owner, Set.of(shared.bridge()));
    sharing.ensure(shared);
    CniBridgePlumbing other = CniBridgePlumbing.onHost(owner + "-2", Set.of());
    other.ensure(others);

    sharing.reconcile(List.of(live));

    assertThat(Files.exists(Path.of("/sys/class/net", live.bridge()))).isTrue();
    assertThat(ruleCount(live)).isEqualTo(6);
    assertThat(Files.exists(Path.of("/sys/class/net", gone.bridge()))).isFalse();
    assertThat(ruleCount(gone)).isZero();
    assertThat(Files.exists(Path.of("/sys/class/net", shared.bridge()))).as("shared bridge kept").isTrue();
    assertThat(ruleCount(shared)).isZero();
    assertThat(Files.exists(Path.of("/sys/class/net", others.bridge()))).as("other daemon's bridge").isTrue();
    assertThat(run("iptables", "-S").out()).contains("berth:" + owner + "-2:" + others.id());

    sharing.remove(shared);
    assertThat(Files.exists(Path.of("/sys/class/net", shared.bridge()))).as("shared bridge kept").isTrue();
    plumbing.remove(shared);
    plumbing.remove(live);
    other.remove(others);
    assertNothingLeft();
  }

  // ---- set-up helpers ---------------------------------------------------------------------------

  private BridgeNet net(String suffix, boolean internal, boolean masquerade) throws IOException {
    Ipv4Subnet s = freeSubnet();
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    BridgeNet n = new BridgeNet(HexFormat.of().formatHex(id), "bt" + tag + suffix, s,
        (Inet4Address) InetAddress.getByName(s.gateway()), internal, masquerade, 0);
    nets.add(n);
    return n;
  }

  private static Inet4Address host(BridgeNet n, int i) throws IOException {
    return (Inet4Address) InetAddress.getByName(Ipv4Subnet.dotted(n.subnet().base() + i));
  }

  /** A 10.x.y.0/24 that no route or address of the host touches. */
  private Ipv4Subnet freeSubnet() throws IOException {
    List<Ipv4Subnet> used = new ArrayList<>(taken);
    for (String cmd : List.of("route", "addr")) {
      for (String w : run("ip", "-4", "-o", cmd, "show").out().split("\\s+")) {
        if (w.matches("\\d+\\.\\d+\\.\\d+\\.\\d+(/\\d+)?")) used.add(Ipv4Subnet.parse(w.contains("/") ? w : w + "/32"));
      }
    }
    for (int attempt = 0; attempt < 1000; attempt++) {
      Ipv4Subnet s = Ipv4Subnet.parse("10." + (200 + RANDOM.nextInt(50)) + "." + RANDOM.nextInt(256) + ".0/24");
      if (used.stream().noneMatch(s::overlaps)) {
        taken.add(s);
        return s;
      }
    }
    throw new IllegalStateException("no free 10.x subnet");
  }

  private String netns(String suffix) throws IOException {
    String name = "bt" + tag + "-" + suffix;
    namespaces.add(name);
    sh("ip", "netns", "add", name);
    sh("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
    return name;
  }

  private static Path nsPath(String name) {
    return Path.of("/var/run/netns", name);
  }

  /** A namespace held only by a process, named like berthd names a container's: /proc/PID/ns/net. */
  private Path processNetns(String suffix) throws Exception {
    String name = netns(suffix);
    Process p = new ProcessBuilder("ip", "netns", "exec", name, BUSYBOX, "sleep", "600").start();
    processes.add(p);
    Path path = Path.of("/proc", Long.toString(p.pid()), "ns", "net");
    // ip netns exec switches namespace and then execs: wait until the process is in it, then drop
    // the name so that the process is what keeps the namespace.
    long nsIno = (Long) Files.getAttribute(nsPath(name), "unix:ino");
    for (int i = 0; i < 100 && !Long.valueOf(nsIno).equals(Files.getAttribute(path, "unix:ino")); i++) Thread.sleep(20);
    sh("ip", "netns", "del", name);
    namespaces.remove(name);
    return path;
  }

  private void makeOutside() throws IOException {
    outside = freeSubnet();
    String ns = netns("out");
    String hostSide = "bx" + tag;
    sh("ip", "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", ns);
    sh("ip", "addr", "add", outside.gateway() + "/" + outside.prefix(), "dev", hostSide);
    sh("ip", "link", "set", hostSide, "up");
    sh("ip", "netns", "exec", ns, "ip", "addr", "add", outsideAddress().getHostAddress() + "/" + outside.prefix(), "dev", "eth0");
    sh("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up");
  }

  private Inet4Address outsideAddress() throws IOException {
    return (Inet4Address) InetAddress.getByName(Ipv4Subnet.dotted(outside.base() + 2));
  }

  // ---- traffic --------------------------------------------------------------------------------

  /** A TCP connection from namespace {@code ns} to a listener in the one {@code server} names. */
  private boolean tcp(String ns, Path server, Inet4Address to) throws Exception {
    Process listener = new ProcessBuilder("nsenter", "--net=" + server, BUSYBOX, "nc", "-l", "-p", "7777").start();
    processes.add(listener);
    Thread.sleep(200);
    HostCommands.Result r = run("sh", "-c", "echo hello-" + tag + " | ip netns exec " + ns + " " + BUSYBOX + " nc -w 2 "
        + to.getHostAddress() + " 7777");
    if (!listener.waitFor(5, TimeUnit.SECONDS)) return false;
    String got = new String(listener.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return r.code() == 0 && got.contains("hello-" + tag);
  }

  // ---- what is left ---------------------------------------------------------------------------

  private void assertNothingLeft() throws IOException {
    assertThat(devices()).as("bridges").isEmpty();
    assertThat(ports).allSatisfy(v -> assertThat(Path.of("/sys/class/net", v)).as("veth " + v).doesNotExist());
    assertThat(run("iptables", "-S").out()).doesNotContain("berth:" + owner);
    assertThat(run("iptables", "-t", "nat", "-S").out()).doesNotContain("berth:" + owner);
  }

  private int ruleCount(BridgeNet n) throws IOException {
    String t = "berth:" + owner + ":" + n.id();
    return (int) Stream.of(run("iptables", "-S").out(), run("iptables", "-t", "nat", "-S").out())
        .flatMap(s -> Stream.of(s.split("\n"))).filter(l -> l.contains(t)).count();
  }

  private List<String> devices() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
      return s.map(p -> p.getFileName().toString()).filter(d -> d.startsWith("bt" + tag)).sorted().toList();
    }
  }

  /** Notes the bridges' ports (the veths' host sides) for {@link #assertNothingLeft}. */
  private void notePorts() throws IOException {
    for (BridgeNet n : nets) {
      Path brif = Path.of("/sys/class/net", n.bridge(), "brif");
      if (!Files.isDirectory(brif)) continue;
      try (Stream<Path> s = Files.list(brif)) {
        s.forEach(p -> ports.add(p.getFileName().toString()));
      }
    }
  }
}
