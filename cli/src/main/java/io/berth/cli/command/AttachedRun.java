package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.client.AttachOptions;
import io.berth.client.AttachSession;
import io.berth.client.EngineClient;
import io.berth.client.EngineException;
import io.berth.client.WaitCondition;
import io.berth.client.model.WaitResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The docker CLI's foreground flow for {@code run} and {@code start -a}: attach (hijack) first, then
 * register the wait, then start, so that no output and no exit is missed; copy output (demultiplexed)
 * until the stream ends, then take the exit status from the wait. Signals the user sends (Ctrl-C,
 * SIGTERM, SIGHUP) are forwarded to the container, as docker's default {@code --sig-proxy} does.
 */
final class AttachedRun {
  private AttachedRun() {}

  /** Runs the flow; returns the container's exit status. */
  static int run(Cli cli, String id, AttachOptions streams, boolean tty, boolean autoRemove, boolean alreadyCreatedStart) {
    EngineClient client = cli.client();
    AttachSession session = streams.stdin() || streams.stdout() || streams.stderr() ? client.attach(id, streams) : null;
    EngineClient.PendingWait wait = client.waitContainer(id, autoRemove ? WaitCondition.REMOVED : WaitCondition.NEXT_EXIT);
    try {
      client.startContainer(id);
    } catch (EngineException e) {
      if (session != null) session.close();
      wait.close();
      if (!alreadyCreatedStart) {
        throw new CommandFailure(ExitCodes.forRunError(e.getMessage()), "berth: Error response from daemon: " + e.getMessage()
            + "\n\nRun 'berth run --help' for more information");
      }
      throw e;
    }
    List<String> forwarded = tty ? List.of() : Signals.forward(sig -> {
      try { client.killContainer(id, Optional.of(sig)); } catch (RuntimeException ignored) { /* container gone */ }
    });
    try {
      if (session != null) {
        if (streams.stdin()) pumpStdin(cli.in(), session);
        try {
          session.output(tty).copyTo(cli.out(), cli.err());
        } catch (IOException e) {
          // the daemon closed the hijacked connection abruptly: the exit status still tells what happened
          if (cli.debug()) cli.err().println("attach: " + e.getMessage());
        } finally {
          cli.out().flush();
          session.close();
        }
      }
      WaitResponse result = wait.await();
      if (result.error().isPresent()) {
        throw new CommandFailure(ExitCodes.RUN_FAILED, "berth: error waiting for container: " + result.error().get().message());
      }
      return (int) result.statusCode();
    } finally {
      Signals.restore(forwarded);
    }
  }

  private static void pumpStdin(InputStream in, AttachSession session) {
    AtomicBoolean done = new AtomicBoolean();
    Thread.ofVirtual().name("berth-stdin").start(() -> {
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          session.stdin().write(buf, 0, n);
          session.stdin().flush();
        }
        // half-close: the daemon sees EOF on the container's stdin and keeps sending output
        session.closeStdin();
      } catch (IOException e) {
        done.set(true);
      }
    });
  }
}
