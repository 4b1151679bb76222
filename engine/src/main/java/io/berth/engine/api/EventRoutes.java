package io.berth.engine.api;

import io.berth.engine.events.Event;
import io.berth.engine.events.EventBus;
import io.berth.engine.events.EventFilter;
import io.berth.http.Headers;
import io.berth.http.client.Upgraded;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /events}: the stored events in {@code [since, until]} (only when either is given, as
 * dockerd replays nothing otherwise), then each new event as it is published, one JSON message per
 * line ({@link EventJson}), until {@code until} passes or the client goes away.
 *
 * <p>The answer is a raw stream ended by closing the connection (HTTP/1.1 allows a body without
 * length or chunking; docker's client reads it until EOF): owning the socket is what lets us notice
 * a client that hung up while no event is flowing, so its subscription does not live forever.
 */
public final class EventRoutes {
  private static final Pattern UNIX = Pattern.compile("(-?[^.]*)(?:\\.(.*))?");
  /** Wakes the streaming loop when the client hung up. */
  private static final Event HANGUP = new Event("", "", "", Map.of(), Instant.EPOCH);

  private final EventBus bus;

  public EventRoutes(EventBus bus) {
    this.bus = bus;
  }

  public void register(Router r) {
    r.add("GET", "/events", this::events);
  }

  private void events(ApiRequest req) throws IOException {
    Optional<String> sinceRaw = req.query("since");
    Optional<String> untilRaw = req.query("until");
    Optional<Instant> since = sinceRaw.map(v -> time("since", v));
    Optional<Instant> until = untilRaw.map(v -> time("until", v));
    if (since.isPresent() && until.isPresent() && until.get().isBefore(since.get())) {
      throw BerthException.invalid("`since` time (%s) cannot be after `until` time (%s)", sinceRaw.get(), untilRaw.get());
    }
    EventFilter filter = EventFilter.of(req.filters().values());
    Instant replayFrom = since.isPresent() || until.isPresent() ? since.orElse(Instant.EPOCH) : Instant.MAX;

    Headers h = new Headers();
    h.set("Content-Type", "application/json");
    h.set("Connection", "close");
    try (EventBus.Subscription sub = bus.subscribe(replayFrom);
        Upgraded conn = req.exchange().hijack(200, h)) {
      Thread.ofVirtual().name("events-hangup").start(() -> {
        awaitEof(conn.in());
        sub.live().add(HANGUP);
      });
      OutputStream out = conn.out();
      for (Event e : sub.replay()) {
        if (until.isEmpty() || !e.time().isAfter(until.get())) send(out, e, filter);
      }
      while (until.isEmpty() || Instant.now().isBefore(until.get())) {
        Event e = until.isEmpty() ? sub.live().take()
            : sub.live().poll(Math.max(1, Duration.between(Instant.now(), until.get()).toMillis()), TimeUnit.MILLISECONDS);
        if (e == HANGUP) return;
        if (e != null) send(out, e, filter);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGone) {
      // the client closed the connection while we wrote
    }
  }

  private static void send(OutputStream out, Event e, EventFilter filter) throws IOException {
    if (!filter.matches(e)) return;
    byte[] json = Responses.bytes(EventJson.message(e));
    byte[] line = new byte[json.length + 1];
    System.arraycopy(json, 0, line, 0, json.length);
    line[json.length] = '\n';
    out.write(line);
    out.flush();
  }

  /** Returns once the client closed its side (it sends nothing after the request). */
  private static void awaitEof(InputStream in) {
    byte[] buf = new byte[512];
    try {
      while (in.read(buf) >= 0) {
        // a client has nothing to say on an events stream; ignore whatever it sends
      }
    } catch (IOException closed) {
      // the connection was closed (by us at the end, or reset by the client)
    }
  }

  /**
   * dockerd's {@code since}/{@code until}: Unix seconds with an optional fraction of up to nine
   * digits ("1700000000.5" is half a second later). RFC 3339 is accepted as well. Errors carry
   * dockerd's text.
   */
  static Instant time(String name, String v) {
    Matcher m = UNIX.matcher(v);
    if (m.matches()) {
      try {
        long secs = parseLong(m.group(1));
        if (m.group(2) == null) return Instant.ofEpochSecond(secs);
        String frac = m.group(2);
        long n = parseLong(frac);
        long nanos = frac.length() <= 9 ? n * (long) Math.pow(10, 9 - frac.length()) : (long) (n / Math.pow(10, frac.length() - 9));
        return Instant.ofEpochSecond(secs, nanos);
      } catch (NumberFormatException e) {
        try {
          return OffsetDateTime.parse(v).toInstant();
        } catch (RuntimeException notRfc3339) {
          throw BerthException.invalid("invalid value for '%s': %s", name, e.getMessage());
        }
      }
    }
    throw BerthException.invalid("invalid value for '%s': %s", name, v);
  }

  /** Go's strconv.ParseInt, with its error text. */
  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new NumberFormatException("strconv.ParseInt: parsing \"" + s + "\": invalid syntax");
    }
  }
}
