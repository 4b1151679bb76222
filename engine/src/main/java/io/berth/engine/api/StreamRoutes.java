package io.berth.engine.api;

import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerLogs;
import io.berth.engine.container.ContainerService;
import io.berth.engine.logs.LogCursor;
import io.berth.engine.logs.LogEntry;
import io.berth.engine.logs.LogQuery;
import io.berth.engine.logs.LogReader;
import io.berth.engine.logs.LogStream;
import io.berth.http.Headers;
import io.berth.http.client.Upgraded;
import io.berth.oci.DetachKeys;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The container output streams: {@code GET /containers/{id}/logs} and
 * {@code POST /containers/{id}/attach}, plus {@code POST /containers/{id}/resize}. Logs read conmon's
 * log file (see docs/design/decisions.md) from the start (filtered). An attach to a container
 * without TTY that sends no stdin follows the log from the moment it was asked for until the
 * container's next exit; with a TTY or stdin it goes through conmon's attach socket
 * ({@link LiveAttach}).
 */
public final class StreamRoutes {
  /** Docker's RFC3339NanoFixed: always nine fraction digits. */
  private static final DateTimeFormatter NANO_FIXED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final ContainerService containers;
  private final LogReader reader;
  private final LiveAttach live;

  public StreamRoutes(ContainerService containers, LogReader reader) {
    this.containers = containers;
    this.reader = reader;
    this.live = new LiveAttach(containers, reader);
  }

  public void register(Router r) {
    r.add("GET", "/containers/{id}/logs", this::logs);
    r.add("POST", "/containers/{id}/attach", this::attach);
    r.add("POST", "/containers/{id}/resize", live::resize);
  }

  private void logs(ApiRequest req) throws IOException {
    Container c = containers.get(req.param("id"));
    if (!ContainerLogs.readable(c)) {
      throw new BerthException.NotImplemented("configured logging driver does not support reading");
    }
    Set<LogStream> streams = streams(req);
    if (streams.isEmpty()) throw BerthException.invalid("Bad parameters: you must choose at least one stream");
    LogQuery q = LogQuery.all().withStreams(streams);
    Optional<Instant> since = req.query("since").flatMap(StreamRoutes::unixTime);
    Optional<Instant> until = req.query("until").flatMap(StreamRoutes::unixTime);
    if (since.isPresent()) q = q.withSince(since.get());
    if (until.isPresent()) q = q.withUntil(until.get());
    String tail = req.query("tail").orElse("all");
    if (!tail.equals("all")) {
      try {
        int n = Integer.parseInt(tail);
        if (n >= 0) q = q.withTail(n);
      } catch (NumberFormatException e) {
        throw BerthException.invalid("invalid tail value: %s", tail);
      }
    }
    boolean follow = req.bool("follow", false) && c.state().running();
    boolean timestamps = req.bool("timestamps", false);
    Headers h = new Headers();
    h.set("Content-Type", StdFrames.contentType(c.config().tty(), req.version()));
    String id = c.id();
    CompletableFuture<Integer> exit = containers.waitFor(id, ContainerService.WaitCondition.NEXT_EXIT);
    try (LogCursor cursor = follow ? reader.follow(containers.paths().log(id), q, () -> !containers.isRunning(id))
        : reader.read(containers.paths().log(id), q);
        OutputStream out = req.exchange().respondChunked(200, h)) {
      exit.whenComplete((code, err) -> cursor.wakeUp()); // end the follow as soon as the process is gone
      StdFrames frames = new StdFrames(out, c.config().tty());
      copy(cursor, frames, timestamps, follow);
    }
  }

  /**
   * Hijacks the connection (101 when the client asked to upgrade, as the docker CLI does; 200 raw
   * stream otherwise) and streams output until the container's next exit. The client may half-close
   * its side at any time; output keeps flowing until the end.
   */
  private void attach(ApiRequest req) throws IOException {
    Container c = containers.get(req.param("id"));
    if (!c.state().canStart() && !c.state().running()) {
      throw BerthException.conflict("You cannot attach to a stopped container, start it first");
    }
    DetachKeys keys = DetachKeys.DEFAULT;
    Optional<String> keySpec = req.query("detachKeys");
    if (keySpec.isPresent()) {
      try {
        keys = DetachKeys.parse(keySpec.get());
      } catch (IllegalArgumentException e) {
        throw BerthException.invalid("Invalid detach keys (%s) provided", keySpec.get());
      }
    }
    if (LiveAttach.wanted(c, req.bool("stdin", false))) {
      live.attach(req, c, LogQuery.all().withStreams(streams(req)), req.bool("logs", false), req.bool("stream", false), keys);
      return;
    }
    Instant from = Instant.now();
    CompletableFuture<Integer> exit = containers.waitFor(c.id(), ContainerService.WaitCondition.NEXT_EXIT);
    boolean stream = req.bool("stream", false);
    boolean logs = req.bool("logs", false);
    Set<LogStream> streams = streams(req);
    LogQuery q = LogQuery.all().withStreams(streams);
    if (!logs) q = q.withSince(from);
    Headers h = new Headers();
    h.set("Content-Type", StdFrames.contentType(c.config().tty(), req.version()));
    int status = req.exchange().wantsUpgrade() ? 101 : 200;
    try (Upgraded conn = req.exchange().hijack(status, h)) {
      if (!stream && !logs) return;
      StdFrames frames = new StdFrames(conn.out(), c.config().tty());
      Path output = ContainerLogs.file(containers.paths(), c);
      try (LogCursor cursor = stream ? reader.follow(output, q, exit::isDone) : reader.read(output, q)) {
        exit.whenComplete((code, err) -> cursor.wakeUp()); // no waiting for the next recheck tick
        copy(cursor, frames, false, true);
      }
      conn.closeWrite();
    }
  }

  private static Set<LogStream> streams(ApiRequest req) {
    Set<LogStream> s = EnumSet.noneOf(LogStream.class);
    if (req.bool("stdout", false)) s.add(LogStream.STDOUT);
    if (req.bool("stderr", false)) s.add(LogStream.STDERR);
    return s;
  }

  static void copy(LogCursor cursor, StdFrames frames, boolean timestamps, boolean flushEach)
      throws IOException {
    while (cursor.hasNext()) {
      LogEntry e = cursor.next();
      byte[] data = e.data();
      if (timestamps) {
        byte[] ts = (NANO_FIXED.format(e.time()) + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] joined = new byte[ts.length + data.length];
        System.arraycopy(ts, 0, joined, 0, ts.length);
        System.arraycopy(data, 0, joined, ts.length, data.length);
        data = joined;
      }
      frames.write(e.stream() == LogStream.STDERR ? StdFrames.STDERR : StdFrames.STDOUT, data, 0, data.length);
      if (flushEach) frames.flush();
    }
    frames.flush();
  }

  /** Docker's since/until: unix seconds with an optional fraction ("1700000000.5"); 0 means unset. */
  static Optional<Instant> unixTime(String v) {
    try {
      BigDecimal d = new BigDecimal(v);
      if (d.signum() == 0) return Optional.empty();
      long secs = d.longValue();
      long nanos = d.subtract(BigDecimal.valueOf(secs)).movePointRight(9).longValue();
      return Optional.of(Instant.ofEpochSecond(secs, nanos));
    } catch (NumberFormatException e) {
      try {
        return Optional.of(Instant.parse(v));
      } catch (RuntimeException e2) {
        throw BerthException.invalid("invalid time value: %s", v);
      }
    }
  }
}
