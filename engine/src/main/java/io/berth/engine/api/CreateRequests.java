package io.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.container.CreateSpec;
import io.berth.engine.container.HealthConfig;
import io.berth.engine.container.HostOptions;
import io.berth.engine.container.NetworkOptions;
import io.berth.engine.container.spec.SecurityOptions;
import io.berth.engine.logs.LogPolicy;
import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the body of {@code POST /containers/create} (Docker's {@code Config} with an embedded
 * {@code HostConfig}) into a {@link CreateSpec}, refusing what Docker refuses with its messages.
 */
final class CreateRequests {
  private static final Set<String> RESTART_POLICIES = Set.of("no", "always", "unless-stopped", "on-failure");

  private CreateRequests() {}

  static CreateSpec parse(JsonNode root, Optional<String> name) {
    return parse(root, name, LogPolicy.Defaults.BUILT_IN);
  }

  /** As {@link #parse(JsonNode, Optional)}, the log configuration merged with the daemon's {@code logDefaults}. */
  static CreateSpec parse(JsonNode root, Optional<String> name, LogPolicy.Defaults logDefaults) {
    if (!root.isObject()) throw BerthException.invalid("invalid JSON: the request body must be an object");
    String image = text(root, "Image").orElseThrow(() -> BerthException.invalid("no image was specified"));
    JsonNode host = root.path("HostConfig");
    boolean autoRemove = host.path("AutoRemove").asBoolean(false);
    HostOptions options = hostOptions(root, host, autoRemove, logDefaults);
    return new CreateSpec(name, image, strings(root.get("Entrypoint")), strings(root.get("Cmd")),
        strings(root.get("Env")).orElse(List.of()), text(root, "WorkingDir"), text(root, "User"),
        text(root, "Hostname"), text(root, "Domainname").orElse(""), stringMap(root.get("Labels")),
        root.path("Tty").asBoolean(false), root.path("OpenStdin").asBoolean(false),
        root.path("StdinOnce").asBoolean(false), root.path("AttachStdin").asBoolean(false),
        root.path("AttachStdout").asBoolean(false), root.path("AttachStderr").asBoolean(false),
        text(root, "StopSignal"), root.hasNonNull("StopTimeout") ? Optional.of(root.get("StopTimeout").asInt())
            : Optional.empty(),
        autoRemove, options, HealthConfig.fromJson(root.get("Healthcheck")), ResourceRequests.parse(host));
  }

  private static HostOptions hostOptions(JsonNode root, JsonNode host, boolean autoRemove, LogPolicy.Defaults logDefaults) {
    HostOptions.RestartPolicy restart = restartPolicy(host.path("RestartPolicy"));
    if (autoRemove && !restart.isNone()) {
      throw BerthException.invalid("can't create 'AutoRemove' container with restart policy");
    }
    JsonNode log = host.path("LogConfig");
    String logType = log.path("Type").asText("");
    // dockerd's mergeAndVerifyLogConfig: the daemon's driver and options fill the gaps, then validate
    var merged = logDefaults.merge(logType, stringMap(log.get("Config")));
    LogPolicy.validate(merged.getKey(), merged.getValue());
    HostOptions.LogConfig logConfig = new HostOptions.LogConfig(merged.getKey(), merged.getValue());
    Optional<Boolean> init = host.hasNonNull("Init") ? Optional.of(host.get("Init").asBoolean()) : Optional.empty();
    HostOptions options = new HostOptions(restart, host.path("Privileged").asBoolean(false),
        strings(host.get("CapAdd")).orElse(List.of()), strings(host.get("CapDrop")).orElse(List.of()),
        strings(host.get("SecurityOpt")).orElse(List.of()), host.path("ReadonlyRootfs").asBoolean(false),
        strings(host.get("GroupAdd")).orElse(List.of()), stringMap(host.get("Sysctls")), init, logConfig,
        MountAndPortRequests.binds(host), MountAndPortRequests.mounts(host), MountAndPortRequests.ports(root, host));
    options = networkOptions(root, host, options).withStorage(MountAndPortRequests.storage(root, host));
    SecurityOptions.validateCreate(options.capAdd(), options.capDrop(), options.securityOpt(), options.sysctls());
    MountAndPortRequests.checkDuplicates(options.mountRequests());
    return options;
  }

  /**
   * {@code HostConfig.NetworkMode}, {@code Dns*}, {@code ExtraHosts} and
   * {@code NetworkingConfig.EndpointsConfig} (the legacy {@code Config.MacAddress} applies to the
   * network of the mode), with Docker's conflicts for modes that share a namespace.
   */
  static HostOptions networkOptions(JsonNode root, JsonNode host, HostOptions options) {
    String mode = host.path("NetworkMode").asText("");
    if (mode.equals("container:") || mode.equals("container")) {
      throw BerthException.invalid("invalid container format container:<name|id>");
    }
    Map<String, NetworkOptions.EndpointConfig> endpoints = new LinkedHashMap<>();
    root.path("NetworkingConfig").path("EndpointsConfig").fields()
        // the docker CLI names the default network "default" here, as in NetworkMode
        .forEachRemaining(e -> endpoints.put(e.getKey().equals("default") ? "bridge" : e.getKey(),
            NetworkJson.endpointConfig(e.getValue())));
    String legacyMac = root.path("MacAddress").asText("");
    if (!legacyMac.isEmpty()) {
      String net = mode.isEmpty() || mode.equals("default") ? "bridge" : mode;
      var cur = endpoints.getOrDefault(net, NetworkOptions.EndpointConfig.NONE);
      endpoints.put(net, new NetworkOptions.EndpointConfig(cur.aliases(), cur.ipv4Address(), Optional.of(legacyMac)));
    }
    var network = new NetworkOptions(endpoints, strings(host.get("Dns")).orElse(List.of()),
        strings(host.get("DnsSearch")).orElse(List.of()), strings(host.get("DnsOptions")).orElse(List.of()),
        strings(host.get("ExtraHosts")).orElse(List.of()), links(host));
    for (String h : network.extraHosts()) {
      int sep = h.indexOf('=') >= 0 ? h.indexOf('=') : h.indexOf(':');
      if (sep <= 0 || sep == h.length() - 1) throw BerthException.invalid("invalid argument \"%s\" for add-host", h);
    }
    for (String d : network.dns()) {
      if (!d.matches("[0-9.]+") && !d.contains(":")) throw BerthException.invalid("%s is not an ip address", d);
    }
    if (mode.startsWith("container:")) {
      if (root.hasNonNull("Hostname") && !root.get("Hostname").asText().isEmpty()) {
        throw BerthException.invalid("conflicting options: hostname and the network mode");
      }
      if (!network.dns().isEmpty()) throw BerthException.invalid("conflicting options: dns and the network mode");
      if (!network.extraHosts().isEmpty()) {
        throw BerthException.invalid("conflicting options: custom host-to-IP mapping and the network mode");
      }
      if (!options.ports().bindings().isEmpty() || options.ports().publishAll()) {
        throw BerthException.invalid("conflicting options: port publishing and the container type network mode");
      }
    }
    return options.withNetworkMode(mode).withNetwork(network);
  }

  /**
   * {@code HostConfig.Links}: {@code name[:alias]}, the name with or without docker's leading slash
   * (inspect shows them as {@code /name:/self/alias}, which is accepted back as well).
   */
  static List<String> links(JsonNode host) {
    List<String> out = new java.util.ArrayList<>();
    for (String l : strings(host.get("Links")).orElse(List.of())) {
      String[] parts = l.split(":", -1);
      if (parts.length > 2 || parts[0].isEmpty() || parts.length == 2 && parts[1].isEmpty()) {
        throw BerthException.invalid("invalid link: %s", l);
      }
      String target = parts[0].startsWith("/") ? parts[0].substring(1) : parts[0];
      String alias = parts.length == 2 ? parts[1].substring(parts[1].lastIndexOf('/') + 1) : target;
      out.add(target + ":" + alias);
    }
    return out;
  }

  /** Docker's validation (moby daemon/container.go validateRestartPolicy). */
  static HostOptions.RestartPolicy restartPolicy(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) return HostOptions.RestartPolicy.NO;
    String name = n.path("Name").asText("");
    int retries = n.path("MaximumRetryCount").asInt(0);
    if (name.isEmpty()) name = "no";
    if (!RESTART_POLICIES.contains(name)) throw BerthException.invalid("invalid restart policy: unknown policy '%s'; "
        + "use one of 'no', 'always', 'on-failure', or 'unless-stopped'", name);
    if (retries < 0) throw BerthException.invalid("invalid restart policy: maximum retry count can't be negative");
    if (retries > 0 && !name.equals("on-failure")) {
      throw BerthException.invalid("invalid restart policy: maximum retry count can only be used with 'on-failure'");
    }
    return new HostOptions.RestartPolicy(name, retries);
  }

  static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
  }

  /** Docker's StrSlice: a JSON array of strings, or one string. */
  static Optional<List<String>> strings(JsonNode n) {
    if (n == null || n.isNull()) return Optional.empty();
    if (n.isTextual()) return Optional.of(List.of(n.asText()));
    if (!n.isArray()) throw BerthException.invalid("invalid JSON: expected a string or a list of strings");
    var out = new ArrayList<String>();
    n.forEach(x -> out.add(x.asText()));
    return Optional.of(out);
  }

  static Map<String, String> stringMap(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n != null && n.isObject()) n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
