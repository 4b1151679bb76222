package io.berth.client.model;

import io.berth.client.json.JsonFields;

/** One entry of {@code GET /containers/{id}/changes}: a path and its kind (0 modified, 1 added, 2 deleted). */
public record ContainerChange(String path, int kind) {
  public static ContainerChange fromJson(JsonFields f) {
    return new ContainerChange(f.string("Path"), f.integer("Kind"));
  }

  /** The letter {@code docker diff} prints: C, A or D (docker's {@code "?"} for an unknown kind). */
  public String letter() {
    return switch (kind) {
      case 0 -> "C";
      case 1 -> "A";
      case 2 -> "D";
      default -> "?";
    };
  }
}
