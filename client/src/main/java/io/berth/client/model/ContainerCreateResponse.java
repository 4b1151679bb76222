package io.berth.client.model;

import java.util.List;

/** Answer of {@code POST /containers/create} (201). */
public record ContainerCreateResponse(String id, List<String> warnings) {
  public ContainerCreateResponse {
    id = Zero.str(id);
    warnings = Zero.list(warnings);
  }
}
