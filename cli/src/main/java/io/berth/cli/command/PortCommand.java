package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.client.json.JsonFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth port}: the published ports of a container, from {@code NetworkSettings.Ports}. */
@Command(name = "port", customSynopsis = "berth port CONTAINER [PRIVATE_PORT[/PROTO]]",
    description = "List port mappings or a specific mapping for the container")
public final class PortCommand extends BerthCommand {
  @Parameters(index = "0", paramLabel = "CONTAINER") String container;

  @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]") String port;

  @Override protected int execute(Cli cli) {
    Map<String, Object> doc = cli.client().inspectContainerDocument(container);
    Map<String, Object> ports = JsonFields.of(doc).object("NetworkSettings").objectMap("Ports");
    List<String> out = lines(ports, port, container);
    if (!out.isEmpty()) cli.out().println(String.join("\n", out));
    return ExitCodes.OK;
  }

  /** docker's output lines, naturally sorted; a missing mapping of the asked port is an error. */
  static List<String> lines(Map<String, Object> ports, String wanted, String container) {
    List<String> out = new ArrayList<>();
    if (wanted != null) {
      int slash = wanted.indexOf('/');
      String number = slash < 0 ? wanted : wanted.substring(0, slash);
      String proto = slash < 0 || slash == wanted.length() - 1 ? "tcp" : wanted.substring(slash + 1);
      if (!number.matches("\\d{1,5}") || Integer.parseInt(number) > 65535) {
        throw new CommandFailure(ExitCodes.FAILURE, "Error: invalid port (" + number + "): strconv.ParseUint: parsing \""
            + number + "\": " + (number.matches("\\d+") ? "value out of range" : "invalid syntax"));
      }
      List<Map<String, Object>> frontends = frontends(ports.get(number + "/" + proto));
      if (frontends.isEmpty()) {
        throw new CommandFailure(ExitCodes.FAILURE, "Error: No public port '" + wanted + "' published for " + container);
      }
      for (Map<String, Object> f : frontends) out.add(hostPort(f));
    } else {
      ports.forEach((from, v) -> {
        for (Map<String, Object> f : frontends(v)) out.add(from + " -> " + hostPort(f));
      });
    }
    out.sort(NATURAL);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> frontends(Object v) {
    if (!(v instanceof List<?> l)) return List.of();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : l) if (o instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
    return out;
  }

  /** Go's net.JoinHostPort: IPv6 addresses in brackets. */
  private static String hostPort(Map<String, Object> f) {
    String ip = String.valueOf(f.getOrDefault("HostIp", ""));
    String p = String.valueOf(f.getOrDefault("HostPort", ""));
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + p;
  }

  /** fvbommel/sortorder's NaturalLess, as docker sorts the lines. */
  static final Comparator<String> NATURAL = io.berth.cli.format.NaturalOrder.COMPARATOR;
}
