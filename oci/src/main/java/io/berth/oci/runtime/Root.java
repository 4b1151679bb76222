package io.berth.oci.runtime;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The container's root filesystem on the host (config.md "Root"); {@code path} may be bundle-relative. */
@JsonPropertyOrder({"path", "readonly"})
public record Root(String path, boolean readonly) {
  public Root {
    OptionalJson.required(path, "root.path");
  }
}
