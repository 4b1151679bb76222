package io.berth.engine.api;

import io.berth.engine.container.ExecConfig;
import io.berth.engine.container.ExecService;
import io.berth.engine.runtime.ExecProcess;
import io.berth.http.client.Upgraded;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Copies one started exec's stdio over a hijacked connection, with Docker's rules
 * (moby {@code stream.CopyStreams}):
 * <ul>
 *   <li>stdout and stderr become frames (raw bytes with a TTY); each is copied by its own platform
 *       thread (a pty master is read in native code);</li>
 *   <li>client stdin goes to the process; when the client half-closes, the process's stdin is
 *       closed and its output keeps flowing (without a TTY), or the session ends (with a TTY, where
 *       stdin cannot be closed);</li>
 *   <li>with a TTY, the detach keys in stdin end the session and leave the process running (its
 *       output is drained and discarded from then on, its terminal stays open until it exits);</li>
 *   <li>otherwise the session ends once the exit code is recorded and the output is drained; output
 *       still held open by a background child gets {@link #DRAIN_AFTER_EXIT} more (Docker waits 2 s),
 *       then the session ends anyway. A client that went away ends it too.</li>
 * </ul>
 */
final class ExecSession {
  static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(2);

  private final ExecService execs;
  private final ExecService.Started started;
  private final Upgraded conn;
  private final StdFrames frames;
  private final CompletableFuture<String> ended = new CompletableFuture<>();
  private volatile boolean clientDone;

  ExecSession(ExecService execs, ExecService.Started started, Upgraded conn, StdFrames frames) {
    this.execs = execs;
    this.started = started;
    this.conn = conn;
    this.frames = frames;
  }

  void run() throws IOException {
    ExecConfig cfg = started.instance().config();
    ExecProcess p = started.process();
    boolean withStdout = cfg.attachStdout() || p.terminal();
    boolean withStderr = cfg.attachStderr() && !p.terminal();
    CountDownLatch outputs = new CountDownLatch((withStdout ? 1 : 0) + (withStderr ? 1 : 0));
    if (withStdout) pump(p.stdout(), StdFrames.STDOUT, outputs, "stdout");
    if (withStderr) pump(p.stderr(), StdFrames.STDERR, outputs, "stderr");
    if (cfg.attachStdin()) {
      Thread.ofVirtual().name("exec-stdin-" + p.pid()).start(() -> copyStdin(cfg, p));
    }
    try {
      CompletableFuture.anyOf(started.instance().done(), ended).get();
      if (!ended.isDone()) outputs.await(DRAIN_AFTER_EXIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      // done() never fails
    }
    // From now on nobody reads the output: it is discarded, so the process never blocks on a full
    // pipe or terminal. The process keeps its stdio (a detached shell keeps its terminal) until it
    // exits; then the descriptors are released.
    clientDone = true;
    if (started.instance().done().isDone()) {
      p.close();
    } else {
      Thread.ofVirtual().name("exec-release-" + p.pid()).start(() -> {
        started.instance().done().join();
        try {
          outputs.await(DRAIN_AFTER_EXIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          // release now
        }
        p.close();
      });
    }
    if ("detached".equals(ended.getNow(""))) execs.detached(started.instance());
    try {
      synchronized (frames) {
        frames.flush();
      }
      conn.closeWrite();
    } catch (IOException gone) {
      // the client went away first
    }
  }

  private void pump(InputStream in, int stream, CountDownLatch done, String name) {
    Thread.ofPlatform().daemon().name("exec-" + name + "-" + started.process().pid()).start(() -> {
      byte[] buf = new byte[32 * 1024];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          if (n == 0 || clientDone) continue;
          try {
            synchronized (frames) {
              frames.write(stream, buf, 0, n);
              frames.flush();
            }
          } catch (IOException clientGone) {
            clientDone = true;
            ended.complete("client gone");
          }
        }
      } catch (IOException e) {
        // our side closed the process's stream: the session is over
      } finally {
        done.countDown();
      }
    });
  }

  private void copyStdin(ExecConfig cfg, ExecProcess p) {
    InputStream in = conn.in();
    OutputStream to = p.stdin();
    io.berth.oci.DetachKeys.Scanner keys = p.terminal() ? cfg.detachKeys().scanner() : null;
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        if (keys == null) {
          to.write(buf, 0, n);
        } else {
          to.write(keys.filter(buf, 0, n));
          if (keys.detached()) {
            ended.complete("detached");
            return;
          }
        }
        to.flush();
      }
      // The client half-closed its side.
      if (keys != null) {
        to.write(keys.flush());
        ended.complete("stdin closed"); // a terminal cannot be half-closed: Docker ends the session
      } else {
        to.close();
      }
    } catch (IOException e) {
      // the process's stdin or the connection closed: nothing more to copy
      try {
        to.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }
}
