package io.berth.engine.network.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.network.Ipv4Subnet;
import io.berth.engine.network.NetworkPlumbing.BridgeNet;
import io.berth.engine.network.cni.Iptables.Rule;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeFirewallTest {
  static final String ID = "a".repeat(64);

  @TempDir Path dir;
  Path calls;

  static BridgeNet net(boolean internal, boolean masquerade) throws IOException {
    return new BridgeNet(ID, "br-aaaaaaaaaaaa", Ipv4Subnet.parse("10.99.0.0/24"),
        (Inet4Address) InetAddress.getByName("10.99.0.1"), internal, masquerade, 0);
  }

  static List<String> lines(List<Rule> rules) {
    return rules.stream().map(Rule::toString).toList();
  }

  @Test
  void a_bridge_network_forwards_out_and_back_masquerades_and_is_isolated() throws IOException {
    String t = "berth:own:" + ID;
    assertThat(lines(BridgeFirewall.rules(net(false, true), t))).containsExactly(
        "-t filter -A BERTH-ISOLATION-STAGE-1 -i br-aaaaaaaaaaaa ! -o br-aaaaaaaaaaaa -m comment --comment " + t
            + " -j BERTH-ISOLATION-STAGE-2",
        "-t filter -A BERTH-ISOLATION-STAGE-2 -o br-aaaaaaaaaaaa -m comment --comment " + t + " -j DROP",
        "-t filter -A BERTH-FORWARD -i br-aaaaaaaaaaaa -o br-aaaaaaaaaaaa -m comment --comment " + t + " -j ACCEPT",
        "-t filter -A BERTH-FORWARD -i br-aaaaaaaaaaaa ! -o br-aaaaaaaaaaaa -m comment --comment " + t + " -j ACCEPT",
        "-t filter -A BERTH-FORWARD -o br-aaaaaaaaaaaa -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "
            + t + " -j ACCEPT",
        "-t nat -A POSTROUTING -s 10.99.0.0/24 ! -o br-aaaaaaaaaaaa -m comment --comment " + t + " -j MASQUERADE");
  }

  @Test
  void without_masquerade_there_is_no_nat_rule() throws IOException {
    assertThat(BridgeFirewall.rules(net(false, false), "t")).noneMatch(r -> r.table().equals("nat")).hasSize(5);
  }

  @Test
  void an_internal_network_only_talks_to_itself() throws IOException {
    assertThat(lines(BridgeFirewall.rules(net(true, true), "t"))).containsExactly(
        "-t filter -A BERTH-ISOLATION-STAGE-1 -i br-aaaaaaaaaaaa ! -o br-aaaaaaaaaaaa -m comment --comment t -j DROP",
        "-t filter -A BERTH-ISOLATION-STAGE-1 ! -i br-aaaaaaaaaaaa -o br-aaaaaaaaaaaa -m comment --comment t -j DROP",
        "-t filter -A BERTH-FORWARD -i br-aaaaaaaaaaaa -o br-aaaaaaaaaaaa -m comment --comment t -j ACCEPT");
  }

  // ---- against a stand-in iptables that prints a canned -S and records every other call ----------

  @BeforeEach
  void fakeIptables() throws IOException {
    calls = dir.resolve("calls");
    Files.writeString(dir.resolve("filter"), "");
    Files.writeString(dir.resolve("nat"), "");
    Path bin = dir.resolve("iptables");
    Files.writeString(bin, """
        #!/bin/sh
        # iptables -w 5 -t TABLE ARGS...
        table=$4; shift 4
        if [ "$1" = "-S" ]; then cat "%1$s/$table"; exit 0; fi
        echo "-t $table $*" >> "%1$s/calls"
        """.formatted(dir));
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private BridgeFirewall firewall() {
    return new BridgeFirewall(new Iptables(dir.resolve("iptables")), "own");
  }

  private List<String> calls() throws IOException {
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  @Test
  void ensure_on_a_bare_host_makes_the_chains_jumps_and_rules() throws IOException {
    firewall().ensure(net(false, true));
    List<String> c = calls();
    assertThat(c.subList(0, 5)).containsExactly("-t filter -N BERTH-ISOLATION-STAGE-2",
        "-t filter -N BERTH-ISOLATION-STAGE-1", "-t filter -N BERTH-FORWARD",
        "-t filter -I BERTH-FORWARD 1 -j BERTH-ISOLATION-STAGE-1", "-t filter -I FORWARD 1 -j BERTH-FORWARD");
    assertThat(c).hasSize(11).last().asString().startsWith("-t nat -A POSTROUTING -s 10.99.0.0/24");
  }

  @Test
  void ensure_adds_nothing_when_everything_is_in_place_and_drops_what_is_no_longer_wanted() throws IOException {
    String tag = "berth:own:" + ID;
    StringBuilder filter = new StringBuilder("""
        -P FORWARD DROP
        -N BERTH-FORWARD
        -N BERTH-ISOLATION-STAGE-1
        -N BERTH-ISOLATION-STAGE-2
        -A FORWARD -j BERTH-FORWARD
        -A BERTH-FORWARD -j BERTH-ISOLATION-STAGE-1
        """);
    StringBuilder nat = new StringBuilder("-P POSTROUTING ACCEPT\n");
    for (Rule r : BridgeFirewall.rules(net(false, true), tag)) {
      String line = "-A " + r.chain() + " " + String.join(" ", r.args()).replace(tag, '"' + tag + '"') + "\n";
      (r.table().equals("nat") ? nat : filter).append(line);
    }
    Files.writeString(dir.resolve("filter"), filter);
    Files.writeString(dir.resolve("nat"), nat);

    firewall().ensure(net(false, true));
    assertThat(calls()).isEmpty();

    firewall().ensure(net(false, false));
    assertThat(calls()).containsExactly("-t nat -D POSTROUTING -s 10.99.0.0/24 ! -o br-aaaaaaaaaaaa -m comment --comment "
        + tag + " -j MASQUERADE");
  }

  @Test
  void owned_groups_this_owners_rules_by_network_and_skips_other_owners() throws IOException {
    Files.writeString(dir.resolve("filter"), """
        -N BERTH-FORWARD
        -A BERTH-FORWARD -j BERTH-ISOLATION-STAGE-1
        -A BERTH-FORWARD -i br-1 -o br-1 -m comment --comment "berth:own:n1" -j ACCEPT
        -A BERTH-FORWARD -i br-2 -o br-2 -m comment --comment "berth:other:n2" -j ACCEPT
        -A BERTH-FORWARD -i br-3 -o br-3 -m comment --comment "berth:own:n3" -j ACCEPT
        """);
    Files.writeString(dir.resolve("nat"), """
        -A POSTROUTING -s 10.1.0.0/24 ! -o br-1 -m comment --comment "berth:own:n1" -j MASQUERADE
        """);
    var owned = firewall().owned();
    assertThat(owned).containsOnlyKeys("n1", "n3");
    assertThat(owned.get("n1")).extracting(Rule::table).containsExactly("filter", "nat");
    assertThat(CniBridgePlumbing.staleBridges(owned.get("n1"), java.util.Set.of("berth0"))).containsExactly("br-1");
    assertThat(CniBridgePlumbing.staleBridges(owned.get("n3"), java.util.Set.of("br-3"))).isEmpty();
  }
}
