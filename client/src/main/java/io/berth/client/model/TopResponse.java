package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.List;

/** Body of {@code GET /containers/{id}/top} (swagger {@code ContainerTopResponse}): ps titles and rows. */
public record TopResponse(List<String> titles, List<List<String>> processes) {
  public TopResponse {
    titles = Zero.list(titles);
    processes = processes == null ? List.of() : List.copyOf(processes);
  }

  public static TopResponse fromJson(JsonFields f) {
    return new TopResponse(f.strings("Titles"), f.stringLists("Processes"));
  }
}
