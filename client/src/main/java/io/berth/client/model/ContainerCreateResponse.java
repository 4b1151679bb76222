package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.List;

/** Answer of {@code POST /containers/create} (201). */
public record ContainerCreateResponse(String id, List<String> warnings) {
  public ContainerCreateResponse {
    id = Zero.str(id);
    warnings = Zero.list(warnings);
  }

  public static ContainerCreateResponse fromJson(JsonFields f) {
    return new ContainerCreateResponse(f.string("Id"), f.strings("Warnings"));
  }
}
