package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth port}: the container's published ports from its {@code NetworkSettings.Ports}, as
 * {@code docker port} prints them ({@code 8080/tcp -> 0.0.0.0:32768}, or only the host addresses of
 * one port), in natural sort order.
 */
@Command(name = "port", customSynopsis = "berth port CONTAINER [PRIVATE_PORT[/PROTO]]",
    description = "List port mappings or a specific mapping for the container")
public final class PortCommand extends BerthCommand {
  @Parameters(index = "0", paramLabel = "CONTAINER") String container;
  @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]") String port;

  @Override protected int execute(Cli cli) {
    Map<String, Object> doc = cli.client().inspectContainerDocument(container);
    Map<?, ?> ports = doc.get("NetworkSettings") instanceof Map<?, ?> ns && ns.get("Ports") instanceof Map<?, ?> p
        ? p : Map.of();
    List<String> out = new ArrayList<>();
    if (port != null) {
      int slash = port.indexOf('/');
      String number = slash < 0 ? port : port.substring(0, slash);
      String proto = slash < 0 || slash == port.length() - 1 ? "tcp" : port.substring(slash + 1);
      if (!number.matches("[0-9]{1,5}") || Integer.parseInt(number) > 65535) {
        throw new CommandFailure(ExitCodes.FAILURE, "Error: invalid port (" + number + "): strconv.ParseUint: parsing \""
            + number + "\": invalid syntax");
      }
      List<String> frontends = frontends(ports.get(number + "/" + proto));
      if (frontends.isEmpty()) {
        throw new CommandFailure(ExitCodes.FAILURE, "Error: No public port '" + port + "' published for " + container);
      }
      out.addAll(frontends);
    } else {
      ports.forEach((from, v) -> frontends(v).forEach(f -> out.add(from + " -> " + f)));
    }
    out.sort(PortCommand::naturalLess);
    out.forEach(cli.out()::println);
    return ExitCodes.OK;
  }

  /** {@code [{"HostIp": "0.0.0.0", "HostPort": "32768"}]} → {@code 0.0.0.0:32768} (IPv6 in brackets). */
  private static List<String> frontends(Object bindings) {
    List<String> out = new ArrayList<>();
    if (!(bindings instanceof List<?> list)) return out;
    for (Object b : list) {
      if (!(b instanceof Map<?, ?> m)) continue;
      String ip = String.valueOf(m.get("HostIp") == null ? "" : m.get("HostIp"));
      String hostPort = String.valueOf(m.get("HostPort") == null ? "" : m.get("HostPort"));
      out.add((ip.contains(":") ? "[" + ip + "]" : ip) + ":" + hostPort);
    }
    return out;
  }

  /** fvbommel/sortorder's NaturalLess: runs of digits compare by value. */
  static int naturalLess(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
        while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        if (na.length() != nb.length()) return Integer.compare(na.length(), nb.length());
        int c = na.compareTo(nb);
        if (c != 0) return c;
      } else {
        if (ca != cb) return Character.compare(ca, cb);
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
