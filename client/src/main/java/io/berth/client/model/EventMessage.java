package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.Map;

/**
 * One message of {@code GET /events} (swagger {@code EventMessage}): the object type, the action,
 * the actor's ID and attributes, and the time ({@code timeNano} when the daemon sent it, else
 * {@code time} in seconds).
 */
public record EventMessage(String type, String action, String actorId, Map<String, String> attributes,
    long time, long timeNano) {
  public EventMessage {
    type = Zero.str(type);
    action = Zero.str(action);
    actorId = Zero.str(actorId);
    attributes = attributes == null ? Map.of() : attributes;
  }

  public static EventMessage fromJson(JsonFields f) {
    JsonFields actor = f.object("Actor");
    return new EventMessage(f.string("Type"), f.string("Action"), actor.string("ID"), actor.stringMap("Attributes"),
        f.longValue("time"), f.longValue("timeNano"));
  }
}
