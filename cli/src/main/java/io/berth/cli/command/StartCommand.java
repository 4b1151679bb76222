package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.client.AttachOptions;
import io.berth.client.model.ContainerInspect;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth start}: start containers; with {@code -a}, attach and exit with the container's status. */
@Command(name = "start", customSynopsis = "berth start [OPTIONS] CONTAINER [CONTAINER...]",
    description = "Start one or more stopped containers")
public final class StartCommand extends BerthCommand {
  @Option(names = {"-a", "--attach"}, description = "Attach STDOUT/STDERR and forward signals") boolean attach;

  @Option(names = {"-i", "--interactive"}, description = "Attach container's STDIN") boolean interactive;

  @Option(names = "--detach-keys", description = "Override the key sequence for detaching a container") String detachKeys;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

  @Override protected int execute(Cli cli) {
    if (attach || interactive) {
      if (containers.size() > 1) throw new IllegalArgumentException("you cannot start and attach multiple containers at once");
      ContainerInspect c = cli.client().inspectContainer(containers.getFirst());
      var streams = new AttachOptions(interactive && c.config().openStdin(), true, true, false)
          .withDetachKeys(java.util.Optional.ofNullable(detachKeys));
      return AttachedRun.run(cli, c.id(), streams, c.config().tty(), c.hostConfig().autoRemove(), true);
    }
    return forEach(cli, containers, ref -> cli.client().startContainer(ref));
  }
}
