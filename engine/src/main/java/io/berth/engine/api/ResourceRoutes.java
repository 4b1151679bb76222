package io.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.container.ContainerUpdater;
import io.berth.engine.container.HostOptions;
import io.berth.oci.Json;
import java.io.IOException;
import java.util.Optional;

/** {@code POST /containers/{id}/update}: new resource limits and restart policy. */
public final class ResourceRoutes {
  private final ContainerUpdater updater;

  public ResourceRoutes(ContainerUpdater updater) {
    this.updater = updater;
  }

  public void register(Router r) {
    r.add("POST", "/containers/{id}/update", this::update);
  }

  private void update(ApiRequest req) throws IOException {
    byte[] body = req.exchange().body().readAllBytes();
    JsonNode root = Json.read(body.length == 0 ? "{}".getBytes() : body, JsonNode.class);
    if (!root.isObject()) throw io.berth.oci.errors.BerthException.invalid("invalid JSON: the request body must be an object");
    JsonNode restart = root.path("RestartPolicy");
    Optional<HostOptions.RestartPolicy> policy = restart.isObject() && !restart.path("Name").asText("").isEmpty()
        ? Optional.of(CreateRequests.restartPolicy(restart)) : Optional.empty();
    var warnings = updater.update(req.param("id"), ResourceRequests.parseUpdate(root), policy);
    Responses.json(req, 200, Docs.obj("Warnings", warnings));
  }
}
