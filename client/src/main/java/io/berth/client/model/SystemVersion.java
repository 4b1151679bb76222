package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code GET /version}. */
public record SystemVersion(
    Platform platform, List<Component> components, String version, String apiVersion,
    @JsonProperty("MinAPIVersion") String minApiVersion, String gitCommit, String goVersion,
    String os, String arch, String kernelVersion, boolean experimental, String buildTime) {
  public SystemVersion {
    platform = platform == null ? new Platform("") : platform;
    components = Zero.list(components);
    version = Zero.str(version);
    apiVersion = Zero.str(apiVersion);
    minApiVersion = Zero.str(minApiVersion);
    gitCommit = Zero.str(gitCommit);
    goVersion = Zero.str(goVersion);
    os = Zero.str(os);
    arch = Zero.str(arch);
    kernelVersion = Zero.str(kernelVersion);
    buildTime = Zero.str(buildTime);
  }

  /** The product name shown after "Server:". */
  public record Platform(String name) {
    public Platform {
      name = Zero.str(name);
    }
  }

  /** One server component (Engine, runc, conmon, …) with free-form details. */
  public record Component(String name, String version, Map<String, String> details) {
    public Component {
      name = Zero.str(name);
      version = Zero.str(version);
      details = Zero.map(details);
    }
  }
}
