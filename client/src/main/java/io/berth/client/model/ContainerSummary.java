package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.client.json.JsonFields;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code GET /containers/json}; {@code created} is in Unix seconds; {@code networks} the names
 * of the networks it is on ({@code NetworkSettings.Networks}' keys).
 */
public record ContainerSummary(
    String id, List<String> names, String image, @JsonProperty("ImageID") String imageId,
    String command, long created, List<PortSummary> ports, Map<String, String> labels,
    String state, String status, long sizeRw, long sizeRootFs, List<String> networks) {
  /** Without networks. */
  public ContainerSummary(String id, List<String> names, String image, String imageId, String command, long created,
      List<PortSummary> ports, Map<String, String> labels, String state, String status, long sizeRw, long sizeRootFs) {
    this(id, names, image, imageId, command, created, ports, labels, state, status, sizeRw, sizeRootFs, List.of());
  }

  public ContainerSummary {
    networks = Zero.list(networks);
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

  public static ContainerSummary fromJson(JsonFields f) {
    return new ContainerSummary(f.string("Id"), f.strings("Names"), f.string("Image"), f.string("ImageID"),
        f.string("Command"), f.longValue("Created"), f.objects("Ports", PortSummary::fromJson), f.stringMap("Labels"),
        f.string("State"), f.string("Status"), f.longValue("SizeRw"), f.longValue("SizeRootFs"),
        f.has("NetworkSettings") ? List.copyOf(f.object("NetworkSettings").objectMap("Networks").keySet()) : List.of());
  }
}
