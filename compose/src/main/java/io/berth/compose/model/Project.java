package io.berth.compose.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded compose project.
 *
 * @param name        the project name (already normalised: lower case, {@code [a-z0-9_-]})
 * @param workingDir  the project directory (the first file's directory, or {@code --project-directory})
 * @param composeFiles the files merged, in order
 * @param services    by name, in file order; only those of the active profiles
 * @param disabled    services left out by profiles (kept for {@code --profile} hints and {@code down})
 */
public record Project(String name, Path workingDir, List<Path> composeFiles, Map<String, Service> services,
    Map<String, Service> disabled, Map<String, NetworkDef> networks, Map<String, VolumeDef> volumes,
    Map<String, FileDef> secrets, Map<String, FileDef> configs) {
  public Project {
    composeFiles = List.copyOf(composeFiles);
    services = Models.ordered(services);
    disabled = Models.ordered(disabled);
    networks = Models.ordered(networks);
    volumes = Models.ordered(volumes);
    secrets = Models.ordered(secrets);
    configs = Models.ordered(configs);
  }

  public Optional<Service> service(String name) { return Optional.ofNullable(services.get(name)); }

  /** A top-level network: {@code name} is the engine's name (project-prefixed unless given or external). */
  public record NetworkDef(String key, String name, String driver, Map<String, String> driverOpts, boolean external,
      boolean internal, boolean attachable, List<Subnet> ipam, Map<String, String> labels) {
    public NetworkDef {
      driverOpts = Models.ordered(driverOpts);
      ipam = List.copyOf(ipam);
      labels = Models.ordered(labels);
    }
  }

  /** One {@code ipam.config} entry. */
  public record Subnet(String subnet, Optional<String> gateway, Optional<String> ipRange) {}

  /** A top-level volume: {@code name} is the engine's name (project-prefixed unless given or external). */
  public record VolumeDef(String key, String name, String driver, Map<String, String> driverOpts, boolean external,
      Map<String, String> labels) {
    public VolumeDef {
      driverOpts = Models.ordered(driverOpts);
      labels = Models.ordered(labels);
    }
  }

  /**
   * A top-level secret or config: from a {@code file} (absolute), an {@code environment} variable's
   * value or inline {@code content}; external ones are refused by the converger (no swarm).
   */
  public record FileDef(String key, String name, Optional<Path> file, Optional<String> environment,
      Optional<String> content, boolean external) {}
}
