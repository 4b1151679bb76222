package io.berth.engine.events;

import java.time.Instant;
import java.util.Map;

/**
 * One daemon event as Docker reports it: {@code type} is {@code container}, {@code image},
 * {@code network}, {@code volume} or {@code daemon}; {@code action} is Docker's word ({@code create},
 * {@code start}, {@code die}, {@code exec_start: sh}, {@code health_status: healthy}, {@code tag} …);
 * {@code actorId} the object's full ID (an image reference for some image events);
 * {@code attributes} what Docker puts in {@code Actor.Attributes} (name, image, exitCode, labels …).
 */
public record Event(String type, String action, String actorId, Map<String, String> attributes, Instant time) {
  public Event {
    attributes = Map.copyOf(attributes);
  }

  public static Event container(String action, String id, Map<String, String> attributes) {
    return new Event("container", action, id, attributes, Instant.now());
  }

  public static Event image(String action, String id, Map<String, String> attributes) {
    return new Event("image", action, id, attributes, Instant.now());
  }
}
