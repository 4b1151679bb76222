package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.term.Terminal;
import io.berth.client.AttachOptions;
import io.berth.client.AttachSession;
import io.berth.client.EngineClient;
import io.berth.client.EngineException;
import io.berth.client.WaitCondition;
import io.berth.client.model.WaitResponse;
import java.util.List;
import java.util.Optional;

/**
 * The docker CLI's foreground flow for {@code run} and {@code start -a}: attach (hijack) first, then
 * register the wait, then start, so that no output and no exit is missed; with a TTY, send our
 * terminal's size right after start and on every window change; stream (see {@link Streamer}) until
 * the output ends, then take the exit status from the wait. Signals the user sends (Ctrl-C, SIGTERM,
 * SIGHUP) are forwarded to the container when {@code sigProxy} (docker's {@code --sig-proxy}).
 * Detaching (the detach keys, TTY only) leaves the container running and exits 0, as docker does.
 */
final class AttachedRun {
  private AttachedRun() {}

  /** Runs the flow; returns the container's exit status. Signals are proxied without a TTY. */
  static int run(Cli cli, String id, AttachOptions streams, boolean tty, boolean autoRemove, boolean alreadyCreatedStart) {
    return run(cli, id, streams, tty, autoRemove, alreadyCreatedStart, !tty);
  }

  /** Runs the flow; returns the container's exit status (0 after a detach). */
  static int run(Cli cli, String id, AttachOptions streams, boolean tty, boolean autoRemove, boolean alreadyCreatedStart,
      boolean sigProxy) {
    EngineClient client = cli.client();
    AttachSession session = streams.stdin() || streams.stdout() || streams.stderr() ? client.attach(id, streams) : null;
    EngineClient.PendingWait wait = client.waitContainer(id, autoRemove ? WaitCondition.REMOVED : WaitCondition.NEXT_EXIT);
    Optional<Terminal.Saved> raw = session == null ? Optional.empty() : Streamer.rawMode(cli, tty, streams.stdin());
    try {
      client.startContainer(id);
    } catch (RuntimeException e) {
      raw.ifPresent(Terminal.Saved::restore);
      if (!(e instanceof EngineException)) throw e;
      if (session != null) session.close();
      wait.close();
      if (!alreadyCreatedStart) {
        throw new CommandFailure(ExitCodes.forRunError(e.getMessage()), "berth: Error response from daemon: " + e.getMessage()
            + "\n\nRun 'berth run --help' for more information");
      }
      throw e;
    }
    List<String> forwarded = !sigProxy ? List.of() : Signals.forward(sig -> {
      try { client.killContainer(id, Optional.of(sig)); } catch (RuntimeException ignored) { /* container gone */ }
    });
    try {
      if (tty && session != null) TtySize.monitor(cli, client, id);
      if (session != null) {
        Streamer.Outcome outcome = Streamer.stream(cli, session, tty, streams.stdin(), streams.detachKeys(), raw);
        if (outcome == Streamer.Outcome.DETACHED) {
          wait.close();
          return ExitCodes.OK;
        }
      }
      WaitResponse result = wait.await();
      if (result.error().isPresent()) {
        throw new CommandFailure(ExitCodes.RUN_FAILED, "berth: error waiting for container: " + result.error().get().message());
      }
      return (int) result.statusCode();
    } finally {
      raw.ifPresent(Terminal.Saved::restore);
      Signals.restore(forwarded);
    }
  }
}
