package io.berth.cli.format;

import io.berth.client.json.JsonFields;
import io.berth.client.model.EventMessage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How {@code docker events} prints a message: its default line
 * ({@code 2026-11-27T21:00:00.123456789Z container start <id> (image=busybox, name=x)}, the time in
 * the local zone as Go's {@code rfc3339NanoFixed}, attributes sorted by key), and the data a
 * {@code --format} template sees.
 */
public final class EventLines {
  /** Go's "2006-01-02T15:04:05.000000000Z07:00": nine fraction digits, "Z" for UTC. */
  private static final DateTimeFormatter NANO_FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

  /** Go field name of {@code events.Message} → the JSON key the daemon sends it under. */
  private static final Map<String, String> GO_FIELDS = Map.of("Status", "status", "ID", "id", "From", "from",
      "Scope", "scope", "Time", "time", "TimeNano", "timeNano", "Type", "Type", "Action", "Action", "Actor", "Actor");

  private EventLines() {}

  /** The default output line (without the newline). */
  public static String line(Map<String, Object> message, ZoneId zone) {
    EventMessage e = EventMessage.fromJson(JsonFields.of(message));
    var sb = new StringBuilder();
    if (e.timeNano() != 0) {
      Instant t = Instant.ofEpochSecond(Math.floorDiv(e.timeNano(), 1_000_000_000L), Math.floorMod(e.timeNano(), 1_000_000_000L));
      sb.append(NANO_FIXED.format(t.atZone(zone))).append(' ');
    } else if (e.time() != 0) {
      sb.append(NANO_FIXED.format(Instant.ofEpochSecond(e.time()).atZone(zone))).append(' ');
    }
    sb.append(e.type()).append(' ').append(e.action()).append(' ').append(e.actorId());
    if (!e.attributes().isEmpty()) {
      var attrs = new StringBuilder();
      new TreeMap<>(e.attributes()).forEach((k, v) -> {
        if (!attrs.isEmpty()) attrs.append(", ");
        attrs.append(k).append('=').append(v);
      });
      sb.append(" (").append(attrs).append(')');
    }
    return sb.toString();
  }

  /**
   * The template data: the message as the daemon sent it (so {@code {{json .}}} prints it), whose
   * fields are also reachable under the Go names docker's templates use ({@code .ID}, {@code .Status},
   * {@code .From}, {@code .Scope}, {@code .Time}, {@code .TimeNano}); a field the daemon left out
   * reads as Go's zero value.
   */
  public static Map<String, Object> templateData(Map<String, Object> message) {
    return new AbstractMap<>() {
      @Override public Set<Entry<String, Object>> entrySet() { return message.entrySet(); }

      @Override public boolean containsKey(Object key) {
        return message.containsKey(key) || GO_FIELDS.containsKey(key);
      }

      @Override public Object get(Object key) {
        if (message.containsKey(key)) return message.get(key);
        String json = GO_FIELDS.get(key);
        if (json == null) return null;
        Object v = message.get(json);
        if (v != null) return v;
        return json.equals("time") || json.equals("timeNano") ? (Object) 0L : "";
      }
    };
  }
}
