package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.client.model.EndpointSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth network connect}: joins a container to a network, with network-scoped aliases and a
 * fixed address. {@code --link} is refused here: on user-defined networks docker turns it into an
 * alias for the linked container, which berthd does not implement; {@code --alias} says it plainly.
 */
@Command(name = "connect", customSynopsis = "berth network connect [OPTIONS] NETWORK CONTAINER",
    description = "Connect a container to a network")
public final class NetworkConnectCommand extends BerthCommand {
  @Option(names = "--alias", split = ",", description = "Add network-scoped alias for the container") List<String> aliases = new ArrayList<>();
  @Option(names = "--driver-opt", split = ",", description = "driver options for the network") List<String> driverOpts = new ArrayList<>();
  @Option(names = "--ip", description = "IPv4 address (e.g., \"172.30.100.104\")") String ip;
  @Option(names = "--ip6", description = "IPv6 address (e.g., \"2001:db8::33\")") String ip6;
  @Option(names = "--link", description = "Add link to another container") List<String> links = new ArrayList<>();

  @Parameters(paramLabel = "ARG", hidden = true) List<String> args = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    GroupArgs.check("network", "connect", "[OPTIONS] NETWORK CONTAINER", args, 2, 2);
    cli.client().networks().connect(args.get(0), args.get(1), endpoint());
    return ExitCodes.OK;
  }

  /** The {@code EndpointConfig} this command line sends. */
  EndpointSettings endpoint() {
    if (!links.isEmpty()) {
      throw new CommandFailure(ExitCodes.FAILURE, "links are not supported by berth: use --alias to give the container "
          + "another name on the network");
    }
    for (String o : driverOpts) {
      if (!o.contains("=")) throw new CommandFailure(ExitCodes.FAILURE, "invalid key/value pair format in driver options");
    }
    List<String> names = aliases.stream().filter(a -> !a.isEmpty()).toList();
    Optional<EndpointSettings.IpamConfig> ipam = ip != null || ip6 != null
        ? Optional.of(new EndpointSettings.IpamConfig(Optional.ofNullable(ip), Optional.ofNullable(ip6))) : Optional.empty();
    return new EndpointSettings(ipam, Optional.empty(), Optional.of(names), Optional.empty(),
        Optional.of(GroupArgs.keyValues(driverOpts)));
  }
}
