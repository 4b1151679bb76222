package io.berth.client.model;

import java.util.Map;
import java.util.Optional;

/**
 * Body of {@code POST /containers/{id}/update} (swagger {@code ContainerUpdateRequest}): the
 * resource fields to change and, optionally, a new restart policy. Unset fields are not written, so
 * the daemon leaves them as they are (docker's CLI sends zeros, which the daemon reads the same way).
 */
public record UpdateRequest(Resources resources, Optional<RestartPolicy> restartPolicy) {
  public UpdateRequest {
    resources = resources == null ? Resources.NONE : resources;
    restartPolicy = restartPolicy == null ? Optional.empty() : restartPolicy;
  }

  public Map<String, Object> toJson() {
    return resources.fields(Wire.obj()).putIfPresent("RestartPolicy", restartPolicy.map(RestartPolicy::toJson)).build();
  }
}
