package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.client.json.JsonFields;
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

  public static SystemVersion fromJson(JsonFields f) {
    return new SystemVersion(new Platform(f.object("Platform").string("Name")), f.objects("Components", Component::fromJson),
        f.string("Version"), f.string("ApiVersion"), f.string("MinAPIVersion"), f.string("GitCommit"), f.string("GoVersion"),
        f.string("Os"), f.string("Arch"), f.string("KernelVersion"), f.bool("Experimental"), f.string("BuildTime"));
  }

  /** The wire form, as {@code version --format} sees it (fields in declaration order, map keys sorted). */
  public Map<String, Object> toJson() {
    return Wire.obj().put("Platform", Wire.obj().put("Name", platform.name()).build())
        .put("Components", components.stream().map(Component::toJson).toList()).put("Version", version)
        .put("ApiVersion", apiVersion).put("MinAPIVersion", minApiVersion).put("GitCommit", gitCommit)
        .put("GoVersion", goVersion).put("Os", os).put("Arch", arch).put("KernelVersion", kernelVersion)
        .put("Experimental", experimental).put("BuildTime", buildTime).build();
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

    public static Component fromJson(JsonFields f) {
      return new Component(f.string("Name"), f.string("Version"), f.stringMap("Details"));
    }

    public Map<String, Object> toJson() {
      return Wire.obj().put("Name", name).put("Version", version).putSorted("Details", details).build();
    }
  }
}
