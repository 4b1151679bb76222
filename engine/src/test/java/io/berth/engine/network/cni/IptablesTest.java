package io.berth.engine.network.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.network.cni.Iptables.Dump;
import io.berth.engine.network.cni.Iptables.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

class IptablesTest {
  /** As iptables-nft 1.8.9 prints it (comments always quoted). */
  static final String FILTER = """
      -P INPUT ACCEPT
      -P FORWARD DROP
      -P OUTPUT ACCEPT
      -N BERTH-FORWARD
      -N DOCKER
      -A FORWARD -j BERTH-FORWARD
      -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
      -A BERTH-FORWARD -i br-1 ! -o br-1 -m comment --comment "berth:e1:net1" -j ACCEPT
      -A DOCKER -m comment --comment "a \\"quoted\\" comment" -j RETURN
      """;

  @Test
  void tokens_unquote_like_iptables_quotes() {
    assertThat(Iptables.tokens("-A X -m comment --comment \"a b\\\"c\" -j DROP"))
        .containsExactly("-A", "X", "-m", "comment", "--comment", "a b\"c", "-j", "DROP");
    assertThat(Iptables.tokens("  -A  X  ")).containsExactly("-A", "X");
    assertThat(Iptables.tokens("--comment \"\"")).containsExactly("--comment", "");
    assertThat(Iptables.tokens("")).isEmpty();
  }

  @Test
  void dump_has_chains_rules_and_their_comments() {
    Dump d = Iptables.parse("filter", FILTER);
    assertThat(d.chains()).containsExactly("INPUT", "FORWARD", "OUTPUT", "BERTH-FORWARD", "DOCKER");
    assertThat(d.rules()).hasSize(4);
    assertThat(d.in("FORWARD").getFirst().args()).containsExactly("-j", "BERTH-FORWARD");
    Rule mine = d.in("BERTH-FORWARD").getFirst();
    assertThat(mine.comment()).contains("berth:e1:net1");
    assertThat(mine.devices()).containsExactly("br-1");
    assertThat(mine.args()).containsExactly("-i", "br-1", "!", "-o", "br-1", "-m", "comment", "--comment",
        "berth:e1:net1", "-j", "ACCEPT");
    assertThat(d.in("DOCKER").getFirst().comment()).contains("a \"quoted\" comment");
    assertThat(d.in("FORWARD").get(1).comment()).isEmpty();
  }

  @Test
  void rule_prints_as_an_iptables_command_line() {
    assertThat(new Rule("nat", "POSTROUTING", List.of("-j", "MASQUERADE")).toString())
        .isEqualTo("-t nat -A POSTROUTING -j MASQUERADE");
  }
}
