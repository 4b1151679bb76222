package io.berth.engine.api;

import io.berth.engine.events.Event;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wire form of an event (moby's {@code events.Message}), in Go's field order: the legacy
 * {@code status}, {@code id} and {@code from} (container and image events only; {@code from} is the
 * container's image and is left out when empty, as Go's {@code omitempty} does), {@code Type},
 * {@code Action}, {@code Actor} (its attributes sorted, as Go encodes maps), {@code scope},
 * {@code time} (Unix seconds) and {@code timeNano}. Clients up to docker 24 read the legacy fields.
 */
final class EventJson {
  private EventJson() {}

  static Map<String, Object> message(Event e) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (e.type().equals("container") || e.type().equals("image")) {
      m.put("status", e.action());
      m.put("id", e.actorId());
      String from = e.type().equals("container") ? e.attributes().getOrDefault("image", "") : "";
      if (!from.isEmpty()) m.put("from", from);
    }
    m.put("Type", e.type());
    m.put("Action", e.action());
    m.put("Actor", Docs.obj("ID", e.actorId(), "Attributes", new TreeMap<>(e.attributes())));
    m.put("scope", "local");
    m.put("time", e.time().getEpochSecond());
    m.put("timeNano", e.time().getEpochSecond() * 1_000_000_000L + e.time().getNano());
    return m;
  }
}
