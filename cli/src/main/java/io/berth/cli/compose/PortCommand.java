package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.client.model.PortSummary;
import io.berth.compose.ComposeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose port SERVICE PRIVATE_PORT}: the host address a container port is published on. */
@Command(name = "port", customSynopsis = "berth compose port [OPTIONS] SERVICE PRIVATE_PORT", description = "Print the public port for a port binding")
final class PortCommand extends ComposeSubcommand {
  @Option(names = "--index", paramLabel = "int", description = "Index of the container if service has multiple replicas") int index = 1;
  @Option(names = "--protocol", paramLabel = "string", description = "tcp or udp") String protocol = "tcp";
  @Parameters(index = "0", paramLabel = "SERVICE") String service;
  @Parameters(index = "1", paramLabel = "PRIVATE_PORT") int privatePort;

  @Override protected int execute(Cli cli) {
    var p = project(cli);
    var c = Delegate.container(cli, engine(cli), p, service, index, false);
    for (PortSummary ps : c.ports()) {
      if (ps.privatePort() == privatePort && ps.type().equals(protocol) && ps.publicPort() != 0) {
        cli.out().println((ps.ip().isEmpty() ? "0.0.0.0" : ps.ip()) + ":" + ps.publicPort());
        return ExitCodes.OK;
      }
    }
    throw new ComposeException("no port " + privatePort + "/" + protocol + " for container " + io.berth.compose.converge.Planner.name(c));
  }
}
