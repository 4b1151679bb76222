package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.compose.model.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth compose config}: the normalised model as YAML (or one of its lists). */
@Command(name = "config", customSynopsis = "berth compose config [OPTIONS] [SERVICE...]", description = "Parse, resolve and render compose file in canonical format")
final class ConfigCommand extends ComposeSubcommand {
  @Option(names = {"-q", "--quiet"}, description = "Only validate the configuration, don't print anything") boolean quiet;
  @Option(names = "--services", description = "Print the service names, one per line.") boolean services;
  @Option(names = "--volumes", description = "Print the volume names, one per line.") boolean volumes;
  @Option(names = "--networks", description = "Print the network names, one per line.") boolean networks;
  @Option(names = "--profiles", description = "Print the profile names, one per line.") boolean profiles;
  @Option(names = "--images", description = "Print the image names, one per line.") boolean images;

  @Override protected int execute(Cli cli) {
    Project p = project(cli);
    if (quiet) return ExitCodes.OK;
    if (services) p.services().keySet().forEach(cli.out()::println);
    else if (volumes) p.volumes().keySet().forEach(cli.out()::println);
    else if (networks) p.networks().keySet().forEach(cli.out()::println);
    else if (profiles) {
      var all = new java.util.TreeSet<String>();
      p.services().values().forEach(s -> all.addAll(s.profiles()));
      p.disabled().values().forEach(s -> all.addAll(s.profiles()));
      all.forEach(cli.out()::println);
    } else if (images) {
      p.services().values().forEach(s -> cli.out().println(io.berth.compose.converge.ContainerSpec.image(p, s)));
    } else {
      cli.out().print(ComposeCommand.source.yaml(p));
    }
    return ExitCodes.OK;
  }
}
