package io.berth.engine.api;

import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerService;
import io.berth.engine.logs.LogCursor;
import io.berth.engine.logs.LogQuery;
import io.berth.engine.logs.LogReader;
import io.berth.engine.runtime.ConmonAttach;
import io.berth.engine.runtime.ConmonConsole;
import io.berth.http.Headers;
import io.berth.http.client.Upgraded;
import io.berth.oci.DetachKeys;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Attach through conmon's attach socket, and terminal resizes through its control fifo.
 *
 * <p><b>Why the socket and not the log</b> (the path {@link StreamRoutes} takes for plain output):
 * the log is written in lines; conmon marks a line without its newline as partial and the log
 * reader holds it back until the rest arrives, so a shell prompt ({@code "/ # "}) or a
 * {@code read -p} question would not appear until the user typed a line. The socket delivers each
 * chunk the moment conmon reads it, and it is also the only way to write the container's stdin.
 * It is used whenever the container has a TTY or the client sends stdin; plain output of a
 * container without TTY keeps following the log (no socket needed, and closing a socket is not
 * free: for a StdinOnce container without TTY conmon would close the container's stdin).
 */
final class LiveAttach {
  private final ContainerService containers;
  private final LogReader reader;
  private final AttachPoints points;
  private final ConmonConsole console = new ConmonConsole();

  LiveAttach(ContainerService containers, LogReader reader) {
    this.containers = containers;
    this.reader = reader;
    this.points = new AttachPoints(containers);
  }

  /** Whether an attach to {@code c} asking for stdin goes through the socket. */
  static boolean wanted(Container c, boolean stdin) { return c.config().tty() || (stdin && c.config().openStdin()); }

  /**
   * Hijacks, replays the log first when {@code logs} (up to where it ended when the attach came),
   * then, with {@code stream}, copies live output and stdin until the container exits, the client
   * detaches or leaves.
   */
  void attach(ApiRequest req, Container c, LogQuery logQuery, boolean logs, boolean stream, DetachKeys keys)
      throws IOException {
    String id = c.id();
    boolean stdin = req.bool("stdin", false) && c.config().openStdin();
    var options = new StdioBridge.Options(c.config().tty(), stdin, req.bool("stdout", false), req.bool("stderr", false),
        keys, stdin && c.config().stdinOnce() && !c.config().tty());
    Headers h = new Headers();
    h.set("Content-Type", StdFrames.contentType(c.config().tty(), req.version()));
    int status = req.exchange().wantsUpgrade() ? 101 : 200;
    try (Upgraded conn = req.exchange().hijack(status, h)) {
      StdFrames frames = new StdFrames(conn.out(), c.config().tty());
      // The log is opened before connecting: a read ends where the file ended then, so output
      // that reaches both the log and the new connection is not sent twice.
      LogCursor replay = logs ? reader.read(containers.paths().log(id), logQuery) : null;
      CompletableFuture<Optional<ConmonAttach>> live = stream ? points.attach(id) : null;
      if (replay != null) {
        try (replay) {
          StreamRoutes.copy(replay, frames, false, false);
        }
      }
      if (live == null) {
        conn.closeWrite();
        return;
      }
      if (!live.isDone()) {
        containers.waitFor(id, ContainerService.WaitCondition.REMOVED).whenComplete((code, err) -> points.cancel(id, live));
      }
      Optional<ConmonAttach> conmon = await(live);
      if (conmon.isPresent()) {
        try (ConmonAttach a = conmon.get()) {
          StdioBridge.End end = StdioBridge.run(c.shortId(), conn, a, options);
          if (end == StdioBridge.End.DETACHED) containers.publish(c, "detach", Map.of());
        }
      }
      conn.closeWrite();
    }
  }

  /** {@code POST /containers/{id}/resize?h=&w=}: Docker answers 409 unless the container runs. */
  void resize(ApiRequest req) throws IOException {
    int h = dimension(req, "h");
    int w = dimension(req, "w");
    Container c = containers.get(req.param("id"));
    if (!c.state().running()) throw BerthException.conflict("Container %s is not running", c.id());
    // Without a terminal there is nothing to size (containerd ignores it too). conmon's winsz fifo
    // would not even be read then, and would fill up.
    if (c.config().tty()) {
      try {
        console.resize(containers.paths().bundle(c.id()), h, w);
      } catch (IOException e) {
        if (!containers.isRunning(c.id())) throw BerthException.conflict("Container %s is not running", c.id());
        throw BerthException.internal("cannot resize container " + c.id() + ": " + e.getMessage(), e);
      }
      containers.publish(c, "resize", Map.of("height", Integer.toString(h), "width", Integer.toString(w)));
    }
    req.exchange().respond(200, Headers.of("Content-Type", "text/plain; charset=utf-8"), new byte[0]);
  }

  /** Go's strconv.Atoi wording, as Docker reports a bad h or w; sizes are 16-bit in the kernel. */
  private static int dimension(ApiRequest req, String name) {
    String v = req.exchange().query().get(name).orElse("");
    try {
      int n = Integer.parseInt(v);
      if (n < 0 || n > 65535) throw BerthException.invalid("invalid resize %s: %s", name.equals("h") ? "height" : "width", v);
      return n;
    } catch (NumberFormatException e) {
      throw BerthException.invalid("strconv.Atoi: parsing \"%s\": invalid syntax", v);
    }
  }

  private static Optional<ConmonAttach> await(CompletableFuture<Optional<ConmonAttach>> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    }
  }
}
