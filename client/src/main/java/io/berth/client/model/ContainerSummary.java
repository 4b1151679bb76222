package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** One row of {@code GET /containers/json}; {@code created} is in Unix seconds. */
public record ContainerSummary(
    String id, List<String> names, String image, @JsonProperty("ImageID") String imageId,
    String command, long created, List<PortSummary> ports, Map<String, String> labels,
    String state, String status, long sizeRw, long sizeRootFs) {
  public ContainerSummary {
    id = Zero.str(id);
    names = Zero.list(names);
    image = Zero.str(image);
    imageId = Zero.str(imageId);
    command = Zero.str(command);
    ports = Zero.list(ports);
    labels = Zero.map(labels);
    state = Zero.str(state);
    status = Zero.str(status);
  }
}
