package io.berth.cli.command;

import io.berth.cli.command.CliRun.Run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth network ...} against a fake daemon. The daemon's answers under golden/network are
 * what dockerd 20.10 answered; the expected outputs, request bodies and statuses are what the
 * docker CLI 28.2.2 printed and sent for the same answers and command lines.
 */
class NetworkCommandsTest {
  @TempDir Path dir;
  private FakeDaemon daemon;
  private final List<String> calls = new CopyOnWriteArrayList<>();

  static String resource(String name) {
    try (InputStream in = NetworkCommandsTest.class.getResourceAsStream("/golden/network/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @BeforeEach
  void start() throws IOException {
    daemon = FakeDaemon.start(dir, (method, path, query, body) -> {
      calls.add(method + " " + path + (query.isEmpty() ? "" : "?" + query) + (body.isEmpty() ? "" : " " + body));
      String notFound = "{\"message\":\"network " + path.replaceFirst("^/networks/([^/]*).*", "$1") + " not found\"}";
      return switch (method + " " + path) {
        case "GET /networks" -> new FakeDaemon.Reply(200, resource("list.json"));
        case "GET /networks/tn1" -> new FakeDaemon.Reply(200, resource("tn1.json").strip());
        case "POST /networks/create" -> body.contains("\"Name\":\"taken\"")
            ? new FakeDaemon.Reply(409, "{\"message\":\"network with name taken already exists\"}")
            : new FakeDaemon.Reply(201, "{\"Id\":\"a7736652b3db1029848b2b23e68ef089eb503787c3115d82e2e7d5b31a903b0f\",\"Warning\":\"\"}");
        case "DELETE /networks/tn2", "DELETE /networks/tn7" -> new FakeDaemon.Reply(204, "");
        case "DELETE /networks/host" -> new FakeDaemon.Reply(403,
            "{\"message\":\"host is a pre-defined network and cannot be removed\"}");
        case "POST /networks/tn1/connect", "POST /networks/tn1/disconnect" -> new FakeDaemon.Reply(200, "");
        case "POST /networks/prune" -> new FakeDaemon.Reply(200, "{\"NetworksDeleted\":[\"tn1\",\"tn8\"]}");
        default -> new FakeDaemon.Reply(404, notFound);
      };
    });
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  Run berth(String stdin, String... args) {
    return CliRun.run(daemon.host(), Clock.fixed(Instant.ofEpochSecond(1795849200L), ZoneOffset.UTC), stdin, args);
  }

  @Test
  void ls_prints_docker_s_table_sorted_by_name() {
    Run r = berth("", "network", "ls");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("""
        NETWORK ID     NAME      DRIVER    SCOPE
        fb70d433ea24   host      host      local
        4a756665adcc   none      null      local
        8be461cadabe   tn1       bridge    local
        a7736652b3db   tn2       bridge    local
        8ea75dd86e5b   tn10      bridge    local
        """);
    assertThat(berth("", "network", "list", "-q").out()).isEqualTo("fb70d433ea24\n4a756665adcc\n8be461cadabe\na7736652b3db\n8ea75dd86e5b\n");
    assertThat(berth("", "network", "ls", "--no-trunc").out())
        .contains("fb70d433ea24217c7acec8f63203ad02b8c2eddc0a68837977d5ee5f19c25298   host      host      local\n");
    assertThat(berth("", "network", "ls", "--format", "{{.Name}} {{.Label \"a\"}} {{.IPv4}}").out())
        .isEqualTo("host  false\nnone  false\ntn1 b false\ntn2  false\ntn10  false\n");
  }

  @Test
  void ls_json_and_table_formats_have_docker_s_fields() {
    assertThat(berth("", "network", "ls", "--format", "json").out().lines().toList().get(2)).isEqualTo(
        "{\"CreatedAt\":\"2026-11-28 06:51:20.04907617 +0000 UTC\",\"Driver\":\"bridge\",\"ID\":\"8be461cadabe\",\"IPv4\":\"false\","
            + "\"IPv6\":\"false\",\"Internal\":\"true\",\"Labels\":\"a=b\",\"Name\":\"tn1\",\"Scope\":\"local\"}");
    assertThat(berth("", "network", "ls", "--format", "table {{.Name}}\t{{.Labels}}\t{{.Internal}}\t{{.IPv6}}\t{{.CreatedAt}}").out())
        .startsWith("NAME      LABELS    INTERNAL   IPV6      CREATED AT\n"
            + "host                false      false     2026-11-28 06:51:10.707138437 +0000 UTC\n");
  }

  @Test
  void ls_sends_filters_and_refuses_arguments() {
    berth("", "network", "ls", "-f", "driver=bridge", "-f", "name=x");
    assertThat(calls).contains("GET /networks?filters=%7B%22driver%22%3A%7B%22bridge%22%3Atrue%7D%2C%22name%22%3A%7B%22x%22%3Atrue%7D%7D");
    Run r = berth("", "network", "ls", "x");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("berth: 'berth network ls' accepts no arguments\n\nUsage:  berth network ls [OPTIONS]\n\n"
        + "Run 'berth network ls --help' for more information\n");
  }

  @Test
  void create_sends_the_ipam_config_and_prints_the_id() {
    Run r = berth("", "network", "create", "--subnet", "10.77.0.0/24", "--gateway", "10.77.0.1", "--ip-range", "10.77.0.128/25",
        "--label", "a=b", "--label", "c", "-o", "com.docker.network.bridge.name=brt0", "-o", "x", "--internal", "--attachable", "tn1");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("a7736652b3db1029848b2b23e68ef089eb503787c3115d82e2e7d5b31a903b0f\n");
    assertThat(calls).contains("POST /networks/create {\"Name\":\"tn1\",\"Driver\":\"bridge\",\"IPAM\":{\"Driver\":\"default\","
        + "\"Options\":{},\"Config\":[{\"Subnet\":\"10.77.0.0/24\",\"IPRange\":\"10.77.0.128/25\",\"Gateway\":\"10.77.0.1\"}]},"
        + "\"Internal\":true,\"Attachable\":true,\"Options\":{\"com.docker.network.bridge.name\":\"brt0\",\"x\":\"\"},"
        + "\"Labels\":{\"a\":\"b\",\"c\":\"\"}}");
    berth("", "network", "create", "--subnet", "10.1.0.0/16", "--subnet", "10.2.0.0/16", "--gateway", "10.1.0.1", "--ipv6", "tn3");
    assertThat(calls.getLast()).contains("\"EnableIPv6\":true").contains(
        "\"Config\":[{\"Subnet\":\"10.1.0.0/16\",\"Gateway\":\"10.1.0.1\"},{\"Subnet\":\"10.2.0.0/16\"}]");
    Run taken = berth("", "network", "create", "taken");
    assertThat(taken.exit()).isEqualTo(1);
    assertThat(taken.err()).isEqualTo("Error response from daemon: network with name taken already exists\n");
  }

  @Test
  void create_checks_subnets_ranges_and_gateways_as_docker_does() {
    Map<List<String>, String> refusals = Map.of(
        List.of("--gateway", "10.1.0.1"), "every ip-range or gateway must have a corresponding subnet",
        List.of("--ip-range", "10.1.0.1/24", "--subnet", "10.2.0.0/16"), "no matching subnet for range 10.1.0.1/24",
        List.of("--subnet", "10.1.0.0/16", "--gateway", "10.2.0.1"), "no matching subnet for gateway 10.2.0.1",
        List.of("--subnet", "10.1.0.0/16", "--subnet", "10.1.1.0/24"), "multiple overlapping subnet configuration is not supported",
        List.of("--subnet", "bad", "--gateway", "10.1.0.1"), "invalid subnet: invalid CIDR address: bad");
    refusals.forEach((flags, message) -> {
      var args = new java.util.ArrayList<>(List.of("network", "create"));
      args.addAll(flags);
      args.add("x");
      Run r = berth("", args.toArray(String[]::new));
      assertThat(r.exit()).as(flags.toString()).isEqualTo(1);
      assertThat(r.err()).isEqualTo(message + "\n");
    });
    assertThat(calls).noneMatch(c -> c.startsWith("POST /networks/create"));
    Run label = berth("", "network", "create", "--label=", "x");
    assertThat(label.exit()).isEqualTo(125);
    assertThat(label.err()).isEqualTo("invalid argument \"\" for \"--label\" flag: invalid label '': empty name\n\n"
        + "Usage:  berth network create [OPTIONS] NETWORK\n\nRun 'berth network create --help' for more information\n");
    Run two = berth("", "network", "create", "a", "b");
    assertThat(two.exit()).isEqualTo(1);
    assertThat(two.err()).startsWith("berth: 'berth network create' requires 1 argument\n");
  }

  @Test
  void inspect_prints_the_documents_and_reports_the_missing() {
    Run r = berth("", "network", "inspect", "tn1");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo(resource("tn1.inspect.txt"));
    Run f = berth("", "network", "inspect", "-f", "{{.Name}} {{.IPAM.Config}} {{.Containers}} {{.Options}} {{.ID}}", "tn1", "nope");
    assertThat(f.exit()).isEqualTo(1);
    assertThat(f.out()).isEqualTo("tn1 [{10.77.0.0/24 10.77.0.128/25 10.77.0.1 map[]}] map[] map[com.docker.network.bridge.name:brt0] "
        + "8be461cadabee66b1f7eff28b6e7a1d2af7e5c1a478cb1ea1babecbe1b71cc3b\n");
    assertThat(f.err()).isEqualTo("Error response from daemon: network nope not found\n");
    Run none = berth("", "network", "inspect", "nope");
    assertThat(none.out()).isEqualTo("[]\n");
    assertThat(none.exit()).isEqualTo(1);
    berth("", "network", "inspect", "-v", "tn1");
    assertThat(calls.getLast()).isEqualTo("GET /networks/tn1?verbose=true");
  }

  @Test
  void rm_removes_each_and_ends_with_exit_status_1_on_a_refusal() {
    Run r = berth("", "network", "rm", "tn7", "nope", "tn2", "host");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("tn7\ntn2\n");
    assertThat(r.err()).isEqualTo("Error response from daemon: network nope not found\n"
        + "Error response from daemon: host is a pre-defined network and cannot be removed\nexit status 1\n");
    Run forced = berth("", "network", "remove", "-f", "nope");
    assertThat(forced.exit()).isZero();
    assertThat(forced.out() + forced.err()).isEmpty();
    Run none = berth("", "network", "rm");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).isEqualTo("berth: 'berth network rm' requires at least 1 argument\n\n"
        + "Usage:  berth network rm NETWORK [NETWORK...]\n\nSee 'berth network rm --help' for more information\n");
  }

  @Test
  void prune_asks_first_and_lists_what_went() {
    Run no = berth("n\n", "network", "prune");
    assertThat(no.exit()).isZero();
    assertThat(no.out()).isEqualTo("WARNING! This will remove all custom networks not used by at least one container.\n"
        + "Are you sure you want to continue? [y/N] ");
    assertThat(calls).noneMatch(c -> c.startsWith("POST /networks/prune"));
    Run yes = berth("", "network", "prune", "-f", "--filter", "label=a", "--filter", "until=1h");
    assertThat(yes.exit()).isZero();
    assertThat(yes.out()).isEqualTo("Deleted Networks:\ntn1\ntn8\n\n");
    assertThat(calls).contains("POST /networks/prune?filters=%7B%22label%22%3A%7B%22a%22%3Atrue%7D%2C%22until%22%3A%7B%221h%22%3Atrue%7D%7D");
    Run bad = berth("", "network", "prune", "--filter", "foo", "-f");
    assertThat(bad.exit()).isEqualTo(125);
    assertThat(bad.err()).startsWith("invalid argument \"foo\" for \"--filter\" flag: bad format of filter (expected name=value)\n");
  }

  @Test
  void connect_and_disconnect_send_docker_s_bodies() {
    assertThat(berth("", "network", "connect", "--ip", "10.77.0.130", "--alias", "x", "--alias", "y", "tn1", "c1").exit()).isZero();
    assertThat(calls.getLast()).isEqualTo("POST /networks/tn1/connect {\"Container\":\"c1\",\"EndpointConfig\":"
        + "{\"IPAMConfig\":{\"IPv4Address\":\"10.77.0.130\"},\"Aliases\":[\"x\",\"y\"]}}");
    berth("", "network", "connect", "tn1", "c1");
    assertThat(calls.getLast()).isEqualTo("POST /networks/tn1/connect {\"Container\":\"c1\",\"EndpointConfig\":{}}");
    berth("", "network", "disconnect", "-f", "tn1", "c1");
    assertThat(calls.getLast()).isEqualTo("POST /networks/tn1/disconnect {\"Container\":\"c1\",\"Force\":true}");
    Run missing = berth("", "network", "connect", "nope", "c1");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("Error response from daemon: network nope not found\n");
    Run link = berth("", "network", "connect", "--link", "a:b", "tn1", "c1");
    assertThat(link.exit()).isEqualTo(1);
    assertThat(link.err()).startsWith("links are not supported by berth");
    Run one = berth("", "network", "disconnect", "tn1");
    assertThat(one.err()).isEqualTo("berth: 'berth network disconnect' requires 2 arguments\n\n"
        + "Usage:  berth network disconnect [OPTIONS] NETWORK CONTAINER\n\nRun 'berth network disconnect --help' for more information\n");
  }

  @Test
  void the_group_prints_its_help_and_refuses_unknown_subcommands() {
    assertThat(berth("", "network").out()).isEqualTo("""
        Usage:  berth network COMMAND

        Manage networks

        Commands:
          connect     Connect a container to a network
          create      Create a network
          disconnect  Disconnect a container from a network
          inspect     Display detailed information on one or more networks
          ls          List networks
          prune       Remove all unused networks
          rm          Remove one or more networks

        Run 'berth network COMMAND --help' for more information on a command.
        """);
    Run foo = berth("", "network", "foo");
    assertThat(foo.exit()).isEqualTo(1);
    assertThat(foo.err()).isEqualTo("berth: unknown command: berth network foo\n\nUsage:  berth network\n\n"
        + "Run 'berth network --help' for more information\n");
  }

  @Test
  void run_flag_errors_are_docker_s_and_stop_before_the_daemon() {
    Run dns = berth("", "run", "--dns", "x.y", "busybox");
    assertThat(dns.exit()).isEqualTo(125);
    assertThat(dns.err()).isEqualTo("invalid argument \"x.y\" for \"--dns\" flag: IP address is not correctly formatted: x.y\n\n"
        + "Usage:  berth run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'berth run --help' for more information\n");
    Run alias = berth("", "create", "--network", "bridge", "--network-alias", "x", "busybox");
    assertThat(alias.exit()).isEqualTo(125);
    assertThat(alias.err()).isEqualTo("berth: network-scoped aliases are only supported for user-defined networks\n\n"
        + "Run 'berth create --help' for more information\n");
    assertThat(calls).noneMatch(c -> c.startsWith("POST /containers/create"));
  }
}
