package io.berth.engine.network.cni;

import io.berth.engine.network.NetworkPlumbing.BridgeNet;
import io.berth.engine.network.cni.Iptables.Dump;
import io.berth.engine.network.cni.Iptables.Rule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host firewall of Berth's bridge networks, in iptables (nf_tables backend here). Three chains
 * of Berth's own, shared by every berthd on the host and made idempotently:
 * <pre>
 *   FORWARD                 -j BERTH-FORWARD                       (inserted at position 1)
 *   BERTH-FORWARD           -j BERTH-ISOLATION-STAGE-1             (always its first rule)
 *                           -i BR -o BR -j ACCEPT                  (per network, see below)
 *   BERTH-ISOLATION-STAGE-1 -i BR ! -o BR -j BERTH-ISOLATION-STAGE-2
 *   BERTH-ISOLATION-STAGE-2 -o BR -j DROP
 * </pre>
 * Per network: bridge-to-bridge traffic is accepted (it passes FORWARD when {@code br_netfilter} is
 * loaded, as a dockerd loads it, and a dockerd also sets the FORWARD policy to DROP); a non-internal
 * network accepts what leaves it and the replies, and masquerades its subnet in {@code nat
 * POSTROUTING}; Docker's two-stage isolation drops anything from one Berth bridge to another; an
 * internal network drops everything between its bridge and any other interface.
 *
 * <p>Every per-network rule carries the comment {@code berth:<owner>:<network id>}, so the rules of a
 * network, and all rules one daemon made, are found again in {@code iptables -S} without any state of
 * Berth's own. The shared chains and jumps carry none and are never removed: other daemons use them.
 */
final class BridgeFirewall {
  static final String FORWARD = "BERTH-FORWARD";
  static final String ISOLATION_1 = "BERTH-ISOLATION-STAGE-1";
  static final String ISOLATION_2 = "BERTH-ISOLATION-STAGE-2";
  private static final String PREFIX = "berth:";

  private final Iptables iptables;
  private final String owner;

  BridgeFirewall(Iptables iptables, String owner) {
    this.iptables = iptables;
    this.owner = owner;
  }

  /** The comment on the rules this daemon makes for network {@code networkId}. */
  String tag(String networkId) {
    return PREFIX + owner + ":" + networkId;
  }

  /** The rules network {@code net} needs, in the form {@code iptables -S} prints them. */
  static List<Rule> rules(BridgeNet net, String tag) {
    String br = net.bridge();
    List<Rule> out = new ArrayList<>();
    if (net.internal()) {
      out.add(filter(ISOLATION_1, tag, "DROP", "-i", br, "!", "-o", br));
      out.add(filter(ISOLATION_1, tag, "DROP", "!", "-i", br, "-o", br));
    } else {
      out.add(filter(ISOLATION_1, tag, ISOLATION_2, "-i", br, "!", "-o", br));
      out.add(filter(ISOLATION_2, tag, "DROP", "-o", br));
    }
    out.add(filter(FORWARD, tag, "ACCEPT", "-i", br, "-o", br));
    if (!net.internal()) {
      out.add(filter(FORWARD, tag, "ACCEPT", "-i", br, "!", "-o", br));
      out.add(filter(FORWARD, tag, "ACCEPT", "-o", br, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED"));
      if (net.masquerade()) {
        out.add(rule("nat", "POSTROUTING", tag, "MASQUERADE", "-s", net.subnet().toString(), "!", "-o", br));
      }
    }
    return out;
  }

  private static Rule filter(String chain, String tag, String target, String... match) {
    return rule("filter", chain, tag, target, match);
  }

  private static Rule rule(String table, String chain, String tag, String target, String... match) {
    List<String> args = new ArrayList<>(List.of(match));
    args.addAll(List.of("-m", "comment", "--comment", tag, "-j", target));
    return new Rule(table, chain, args);
  }

  /**
   * Makes the shared chains and network {@code net}'s rules exist, adding only what is missing (two
   * {@code iptables -S} and nothing else when all is in place) and dropping rules of the network
   * that are no longer wanted.
   */
  void ensure(BridgeNet net) throws IOException {
    Dump filter = iptables.dump("filter");
    ensureChains(filter);
    Dump nat = iptables.dump("nat");
    String tag = tag(net.id());
    List<Rule> have = new ArrayList<>(tagged(filter, tag));
    have.addAll(tagged(nat, tag));
    List<Rule> want = rules(net, tag);
    for (Rule r : want) {
      if (!have.contains(r)) append(r);
    }
    for (Rule r : have) {
      if (!want.contains(r)) delete(r);
    }
  }

  private void ensureChains(Dump filter) throws IOException {
    for (String chain : List.of(ISOLATION_2, ISOLATION_1, FORWARD)) {
      // Another daemon may make it between the dump and here: a failed -N is only an error if the
      // chain is still missing, which the rules added next report.
      if (!filter.chains().contains(chain)) iptables.tryRun("filter", "-N", chain);
    }
    if (!hasJump(filter, FORWARD, ISOLATION_1)) iptables.run("filter", "-I", FORWARD, "1", "-j", ISOLATION_1);
    if (!hasJump(filter, "FORWARD", FORWARD)) iptables.run("filter", "-I", "FORWARD", "1", "-j", FORWARD);
  }

  private static boolean hasJump(Dump d, String chain, String target) {
    return d.in(chain).stream().anyMatch(r -> r.args().equals(List.of("-j", target)));
  }

  /** Removes every rule of network {@code networkId} this daemon made. */
  void remove(String networkId) throws IOException {
    String tag = tag(networkId);
    for (String table : List.of("filter", "nat")) {
      for (Rule r : tagged(iptables.dump(table), tag)) delete(r);
      List<Rule> left = tagged(iptables.dump(table), tag);
      if (!left.isEmpty()) throw new IOException("cannot delete iptables rule " + left.getFirst());
    }
  }

  /** The rules this daemon made, by network ID. */
  Map<String, List<Rule>> owned() throws IOException {
    Map<String, List<Rule>> out = new LinkedHashMap<>();
    String mine = PREFIX + owner + ":";
    for (String table : List.of("filter", "nat")) {
      for (Rule r : iptables.dump(table).rules()) {
        Optional<String> c = r.comment();
        if (c.isPresent() && c.get().startsWith(mine)) {
          out.computeIfAbsent(c.get().substring(mine.length()), k -> new ArrayList<>()).add(r);
        }
      }
    }
    return out;
  }

  static List<Rule> tagged(Dump d, String tag) {
    return d.rules().stream().filter(r -> r.comment().filter(tag::equals).isPresent()).toList();
  }

  private void append(Rule r) throws IOException {
    List<String> args = new ArrayList<>(List.of("-A", r.chain()));
    args.addAll(r.args());
    iptables.run(r.table(), args.toArray(String[]::new));
  }

  /** Deletes one rule; one already gone (a concurrent clean-up) is no error. */
  void delete(Rule r) throws IOException {
    List<String> args = new ArrayList<>(List.of("-D", r.chain()));
    args.addAll(r.args());
    iptables.tryRun(r.table(), args.toArray(String[]::new));
  }
}
