package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.testkit.Cli;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bridge networks end to end through the docker CLI: busybox httpd reached from the host through a
 * published port and from a second container by name, alias and short ID on a user-defined network;
 * not from another network until {@code network connect}; {@code --internal} has no way out;
 * {@code --network container:} shares the namespace; bad requests are refused with nothing made;
 * addresses survive a berthd crash and are not handed out twice.
 */
class NetworkIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  private static final String HTTPD =
      "mkdir -p /www && echo hello-berth > /www/index.html && exec httpd -f -p 80 -h /www";
  private static final String GET = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 %s 80";

  private static String ok(Cli.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out();
  }

  private static Cli.Result docker(String... args) { return berth.docker(args); }

  private static String ip(String container, String network) {
    return ok(docker("inspect", "-f", "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}", container));
  }

  private static String httpGet(int port) throws IOException {
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Runs {@code script} in a throw-away busybox on {@code network}. */
  private static Cli.Result in(String network, String script) {
    return docker("run", "--rm", "--network", network, "busybox", "sh", "-c", script);
  }

  @Test
  void httpd_is_reached_from_the_host_and_by_name_alias_and_short_id() throws Exception {
    ok(docker("network", "create", "--label", "it=net", "front"));
    String id = ok(docker("run", "-d", "--name", "web", "--network", "front", "--network-alias", "site",
        "-p", "127.0.0.1::80", "busybox", "sh", "-c", HTTPD));
    try {
      int port = Integer.parseInt(ok(docker("port", "web", "80")).replaceAll("(?s).*:(\\d+).*", "$1"));
      BerthDaemon.eventually(Duration.ofSeconds(15), "httpd answers through the published port", () -> {
        try {
          return httpGet(port).contains("hello-berth");
        } catch (IOException e) {
          return false;
        }
      });
      String out = ok(in("front", String.format(GET, "web") + "; " + String.format(GET, "site") + "; "
          + String.format(GET, id.substring(0, 12)) + "; " + String.format(GET, "web.front") + "; cat /etc/resolv.conf"));
      assertThat(out.split("hello-berth", -1)).hasSize(5); // name.network resolves too, as with Docker
      String gateway = ok(docker("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", "front"));
      assertThat(out).contains("nameserver " + gateway);
      JsonNode net = berth.api().get("/networks/front").json();
      assertThat(net.path("Containers").path(id).path("Name").asText()).isEqualTo("web");
      assertThat(net.path("Containers").path(id).path("IPv4Address").asText()).startsWith(ip("web", "front") + "/");
      assertThat(ok(docker("inspect", "-f", "{{.HostConfig.NetworkMode}}", "web"))).isEqualTo("front");
      // our CLI renders the same daemon answers as the docker CLI does
      assertThat(ok(berth.berth("network", "ls"))).isEqualTo(ok(docker("network", "ls")));
      assertThat(ok(berth.berth("network", "inspect", "front"))).isEqualTo(ok(docker("network", "inspect", "front")));
      assertThat(ok(berth.berth("port", "web"))).isEqualTo(ok(docker("port", "web")));
    } finally {
      docker("rm", "-f", "web");
      docker("network", "rm", "front");
    }
  }

  @Test
  void other_networks_are_isolated_until_connect_and_again_after_disconnect() {
    ok(docker("network", "create", "--subnet", "10.231.0.0/24", "left"));
    ok(docker("network", "create", "--subnet", "10.232.0.0/24", "right"));
    try {
      ok(docker("run", "-d", "--name", "srv", "--network", "left", "busybox", "sh", "-c", HTTPD));
      ok(docker("run", "-d", "--name", "cli", "--network", "right", "busybox", "sleep", "300"));
      String srvIp = ip("srv", "left");
      assertThat(srvIp).startsWith("10.231.0.");
      Cli.Result blocked = docker("exec", "cli", "sh", "-c", String.format(GET, srvIp));
      assertThat(blocked.all()).doesNotContain("hello-berth");
      assertThat(docker("exec", "cli", "nslookup", "srv").exitCode()).isNotZero();

      ok(docker("network", "connect", "--alias", "client", "left", "cli"));
      BerthDaemon.eventually(Duration.ofSeconds(10), "srv reachable after connect",
          () -> docker("exec", "cli", "sh", "-c", String.format(GET, "srv")).all().contains("hello-berth"));
      // and the server sees the newcomer by its alias
      assertThat(ok(docker("exec", "srv", "nslookup", "client"))).contains(ip("cli", "left"));

      ok(docker("network", "disconnect", "left", "cli"));
      assertThat(docker("exec", "cli", "sh", "-c", String.format(GET, srvIp)).all()).doesNotContain("hello-berth");
      assertThat(ok(docker("exec", "cli", "ip", "-4", "-o", "addr"))).doesNotContain("10.231.0.");
    } finally {
      docker("rm", "-f", "srv", "cli");
      docker("network", "rm", "left", "right");
    }
  }

  @Test
  void internal_network_has_no_way_out() throws Exception {
    ok(docker("network", "create", "--internal", "vault"));
    ok(docker("network", "create", "open"));
    String hostIp = hostAddress();
    try (var listener = new ServerSocket()) {
      listener.bind(new InetSocketAddress("0.0.0.0", 0));
      int port = listener.getLocalPort();
      Thread.ofVirtual().start(() -> {
        while (!listener.isClosed()) {
          try (Socket s = listener.accept()) {
            s.getOutputStream().write("outside\n".getBytes(StandardCharsets.UTF_8));
          } catch (IOException e) {
            return;
          }
        }
      });
      String probe = "nc -w 3 " + hostIp + " " + port + " </dev/null";
      assertThat(in("open", probe).all()).contains("outside");
      Cli.Result inside = in("vault", probe + "; ip route");
      assertThat(inside.all()).doesNotContain("outside").doesNotContain("default via");
      // names of the outside world are not resolved for it either
      assertThat(in("vault", "nslookup example.com").exitCode()).isNotZero();
    } finally {
      docker("network", "rm", "vault", "open");
    }
  }

  @Test
  void container_network_mode_shares_the_namespace_and_files() {
    ok(docker("run", "-d", "--name", "owner", "busybox", "sleep", "300"));
    try {
      String ownerIp = ok(docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "owner"));
      assertThat(ownerIp).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
      String out = ok(docker("run", "--rm", "--network", "container:owner", "busybox", "sh", "-c",
          "ip -4 -o addr show eth0; cat /etc/hostname"));
      assertThat(out).contains(ownerIp + "/");
      assertThat(out).contains(ok(docker("inspect", "-f", "{{.Config.Hostname}}", "owner")));
      Cli.Result stopped = docker("run", "--rm", "--network", "container:nosuch", "busybox", "true");
      assertThat(stopped.exitCode()).isNotZero();
    } finally {
      docker("rm", "-f", "owner");
    }
  }

  @Test
  void bad_requests_are_refused_and_nothing_is_made() {
    String before = ok(docker("network", "ls", "-q"));
    ok(docker("network", "create", "--subnet", "10.240.0.0/16", "taken"));
    try {
      assertThat(docker("network", "create", "--subnet", "10.240.5.0/24", "overlap").stderr())
          .contains("Pool overlaps with other one on this address space");
      assertThat(docker("network", "create", "--subnet", "10.241.0.0/33", "badcidr").stderr()).contains("invalid");
      assertThat(docker("network", "create", "--subnet", "10.242.0.0/24", "--gateway", "10.243.0.1", "badgw").stderr())
          .contains("no matching subnet for gateway 10.243.0.1");
      assertThat(docker("network", "create", "taken").stderr()).contains("network with name taken already exists");
      Cli.Result outside = docker("run", "--rm", "--network", "taken", "--ip", "10.9.9.9", "busybox", "true");
      assertThat(outside.stderr()).contains("no configured subnet or ip-range contain the IP address 10.9.9.9");
      Cli.Result unknown = docker("run", "--rm", "--network", "nosuchnet", "busybox", "true");
      assertThat(unknown.stderr()).contains("network nosuchnet not found");
      assertThat(docker("network", "inspect", "nosuchnet").stderr()).contains("network nosuchnet not found");
      Cli.Result onBridge = docker("run", "--rm", "--ip", "172.17.0.99", "busybox", "true");
      assertThat(onBridge.stderr()).contains("user specified IP address is supported on user defined networks only");

      ok(docker("run", "-d", "--name", "member", "--network", "taken", "busybox", "sleep", "300"));
      var rm = berth.api().delete("/networks/taken");
      assertThat(rm.status()).isEqualTo(409);
      assertThat(rm.text()).contains("has active endpoints");
      assertThat(docker("network", "rm", "bridge").stderr()).contains("pre-defined network and cannot be removed");
    } finally {
      docker("rm", "-f", "member");
      docker("network", "rm", "taken");
    }
    assertThat(ok(docker("network", "ls", "-q"))).isEqualTo(before);
  }

  @Test
  void addresses_are_unique_and_survive_a_crash() throws Exception {
    ok(docker("network", "create", "--subnet", "10.250.0.0/29", "small"));
    try {
      ok(docker("run", "-d", "--name", "a1", "--network", "small", "-p", "127.0.0.1::80", "busybox", "sh", "-c", HTTPD));
      ok(docker("run", "-d", "--name", "a2", "--network", "small", "busybox", "sleep", "300"));
      String ip1 = ip("a1", "small");
      String ip2 = ip("a2", "small");
      assertThat(ip1).isNotEqualTo(ip2);
      berth.daemon().kill9();
      berth.daemon().restart();
      // the containers kept running and serving on their addresses, also through the published port
      // berthd publishes again; a new one gets a third address
      assertThat(ip("a1", "small")).isEqualTo(ip1);
      int port = Integer.parseInt(ok(docker("port", "a1", "80")).replaceAll("(?s).*:(\\d+).*", "$1"));
      BerthDaemon.eventually(Duration.ofSeconds(15), "httpd answers through the port after the crash", () -> {
        try {
          return httpGet(port).contains("hello-berth");
        } catch (IOException e) {
          return false;
        }
      });
      ok(docker("run", "-d", "--name", "a3", "--network", "small", "busybox", "sleep", "300"));
      String ip3 = ip("a3", "small");
      assertThat(ip3).isNotIn(ip1, ip2);
      assertThat(ok(docker("exec", "a3", "ping", "-c", "1", "-W", "2", "a1"))).contains("1 packets received");
      // a /29 has five container addresses: the sixth container finds none
      ok(docker("run", "-d", "--name", "a4", "--network", "small", "busybox", "sleep", "300"));
      ok(docker("run", "-d", "--name", "a5", "--network", "small", "busybox", "sleep", "300"));
      assertThat(docker("run", "-d", "--name", "a6", "--network", "small", "busybox", "sleep", "300").stderr())
          .contains("no available IPv4 addresses");
    } finally {
      docker("rm", "-f", "a1", "a2", "a3", "a4", "a5", "a6");
      docker("network", "rm", "small");
    }
  }

  @Test
  void container_options_shape_its_interface_and_files() {
    String bridge = "bt" + Long.toHexString(System.nanoTime()).substring(0, 8);
    ok(docker("network", "create", "--subnet", "10.244.0.0/24", "--ip-range", "10.244.0.128/25",
        "-o", "com.docker.network.bridge.name=" + bridge, "shaped"));
    try {
      assertThat(java.nio.file.Files.isDirectory(java.nio.file.Path.of("/sys/class/net", bridge, "bridge"))).isTrue();
      String out = ok(docker("run", "--rm", "--network", "shaped", "--ip", "10.244.0.200", "--mac-address",
          "02:42:0a:f4:00:c8", "--dns-search", "corp.example", "--dns-option", "ndots:3", "--add-host",
          "gw:host-gateway", "--add-host", "db=10.1.2.3", "--hostname", "box", "busybox", "sh", "-c",
          "ip addr show eth0; cat /etc/resolv.conf /etc/hosts; hostname"));
      String bridgeGateway = berth.api().get("/networks/bridge").json().path("IPAM").path("Config").path(0)
          .path("Gateway").asText();
      assertThat(out).contains("inet 10.244.0.200/24").contains("link/ether 02:42:0a:f4:00:c8")
          .contains("nameserver 10.244.0.1").contains("search corp.example").contains("options ndots:3")
          .contains(bridgeGateway + "\tgw").contains("10.1.2.3\tdb").contains("10.244.0.200\tbox");
      // without --ip the address comes from the ip range
      assertThat(ok(docker("run", "--rm", "--network", "shaped", "busybox", "ip", "-4", "-o", "addr", "show", "eth0")))
          .containsPattern("inet 10\\.244\\.0\\.(1[2-9][0-9]|2[0-5][0-9])/24");
    } finally {
      docker("network", "rm", "shaped");
    }
    assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/sys/class/net", bridge))).isFalse();
  }

  /** The host's first non-loopback IPv4 address that is not on a bridge (its "outside" address). */
  private static String hostAddress() throws IOException {
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nif.isLoopback() || !nif.isUp() || nif.getName().startsWith("br") || nif.getName().startsWith("berth")
          || nif.getName().startsWith("veth") || nif.getName().startsWith("docker")) continue;
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        if (a instanceof Inet4Address) return a.getHostAddress();
      }
    }
    throw new IllegalStateException("no outside IPv4 address on this host");
  }
}
