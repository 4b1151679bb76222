package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.client.AttachOptions;
import io.berth.client.AttachSession;
import io.berth.client.EngineClient;
import io.berth.client.WaitCondition;
import io.berth.client.model.ContainerInspect;
import io.berth.client.model.WaitResponse;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth attach}: the docker CLI's flow. Register a wait first, check the container runs,
 * hijack its stdio, with a TTY nudge the terminal size (one cell larger, then the real size, so the
 * program redraws), stream; exit with the container's status when it ends. Detaching prints
 * docker's "read escape sequence" and exits 1, as {@code docker attach} does.
 */
@Command(name = "attach", customSynopsis = "berth attach [OPTIONS] CONTAINER",
    description = "Attach local standard input, output, and error streams to a running container")
public final class AttachCommand extends BerthCommand {
  @Option(names = "--detach-keys", description = "Override the key sequence for detaching a container") String detachKeys;

  @Option(names = "--no-stdin", description = "Do not attach STDIN") boolean noStdin;

  @Option(names = "--sig-proxy", arity = "0..1", fallbackValue = "true", defaultValue = "true",
      description = "Proxy all received signals to the process") boolean sigProxy = true;

  @Parameters(index = "0", paramLabel = "CONTAINER") String container;

  @Override protected int execute(Cli cli) {
    EngineClient client = cli.client();
    EngineClient.PendingWait wait = client.waitContainer(container, WaitCondition.NOT_RUNNING);
    try {
      ContainerInspect c = runningContainer(client, container);
      if (!noStdin && c.config().tty() && !cli.stdinIsTerminal()) {
        throw new CommandFailure(ExitCodes.FAILURE, "the input device is not a TTY");
      }
      boolean tty = c.config().tty();
      var streams = new AttachOptions(!noStdin && c.config().openStdin(), true, true, false)
          .withDetachKeys(Optional.ofNullable(detachKeys));
      List<String> forwarded = sigProxy && !tty ? Signals.forward(sig -> {
        try { client.killContainer(c.id(), Optional.of(sig)); } catch (RuntimeException ignored) { /* gone */ }
      }) : List.of();
      try {
        AttachSession session = client.attach(c.id(), streams);
        try {
          runningContainer(client, c.id()); // it may have stopped before the attach got through
        } catch (RuntimeException e) {
          session.close();
          throw e;
        }
        if (tty) {
          TtySize.nudge(cli, client, c.id());
          TtySize.monitor(cli, client, c.id());
        }
        if (Streamer.stream(cli, session, tty, streams.stdin(), streams.detachKeys()) == Streamer.Outcome.DETACHED) {
          throw new CommandFailure(ExitCodes.FAILURE, "read escape sequence");
        }
      } finally {
        Signals.restore(forwarded);
      }
      WaitResponse result = wait.await();
      if (result.error().isPresent()) throw new CommandFailure(ExitCodes.FAILURE, result.error().get().message());
      return (int) result.statusCode();
    } finally {
      wait.close();
    }
  }

  /** docker's client-side state check, with its messages. */
  private static ContainerInspect runningContainer(EngineClient client, String ref) {
    ContainerInspect c = client.inspectContainer(ref);
    if (!c.state().running()) throw new CommandFailure(ExitCodes.FAILURE, "You cannot attach to a stopped container, start it first");
    if (c.state().paused()) throw new CommandFailure(ExitCodes.FAILURE, "You cannot attach to a paused container, unpause it first");
    if (c.state().restarting()) {
      throw new CommandFailure(ExitCodes.FAILURE, "You cannot attach to a restarting container, wait until it is running");
    }
    return c;
  }
}
