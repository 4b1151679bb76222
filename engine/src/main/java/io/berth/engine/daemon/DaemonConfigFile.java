package io.berth.engine.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.logs.LogPolicy;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * berthd's daemon.json, dockerd's format: the keys berth knows ({@code log-driver},
 * {@code log-opts}, {@code insecure-registries}, {@code ip}) are read; others are reported on stderr and ignored, so that a dockerd
 * configuration can be reused. As with dockerd, a setting given both as a flag and in the file is
 * an error. Without {@code --config-file}, {@value #DEFAULT} is read when it exists.
 */
final class DaemonConfigFile {
  static final String DEFAULT = "/etc/berth/daemon.json";
  private static final Set<String> KNOWN = Set.of("log-driver", "log-opts", "insecure-registries", "ip");

  private DaemonConfigFile() {}

  static LogPolicy.Defaults logDefaults(Optional<Path> file, Optional<String> flagDriver, Map<String, String> flagOpts) {
    JsonNode root = read(file);
    List<String> both = new ArrayList<>();
    String driver = flagDriver.orElse("");
    Map<String, String> opts = new LinkedHashMap<>(flagOpts);
    if (root.has("log-driver")) {
      String fromFile = root.get("log-driver").asText();
      if (flagDriver.isPresent()) both.add("log-driver: (from flag: " + flagDriver.get() + ", from file: " + fromFile + ")");
      else driver = fromFile;
    }
    if (root.has("log-opts")) {
      JsonNode o = root.get("log-opts");
      if (!o.isObject()) throw BerthException.invalid("invalid daemon configuration: log-opts must be an object");
      Map<String, String> fromFile = new LinkedHashMap<>();
      o.properties().forEach(e -> fromFile.put(e.getKey(), e.getValue().asText()));
      if (!flagOpts.isEmpty()) both.add("log-opts: (from flag: " + goMap(flagOpts) + ", from file: " + goMap(fromFile) + ")");
      else opts = fromFile;
    }
    if (!both.isEmpty()) {
      throw BerthException.invalid("the following directives are specified both as a flag and in the configuration file: %s",
          String.join(", ", both));
    }
    root.fieldNames().forEachRemaining(k -> {
      if (!KNOWN.contains(k)) System.err.println("berthd: ignoring daemon configuration key \"" + k + "\" (not used by berth)");
    });
    return new LogPolicy.Defaults(driver, opts);
  }

  /** {@code --insecure-registry} flags, or daemon.json's {@code insecure-registries} (not both, as dockerd). */
  static List<String> insecureRegistries(Optional<Path> file, List<String> flags) {
    JsonNode root = read(file);
    if (!root.has("insecure-registries")) return flags;
    JsonNode list = root.get("insecure-registries");
    if (!list.isArray()) throw BerthException.invalid("invalid daemon configuration: insecure-registries must be a list");
    List<String> fromFile = new ArrayList<>();
    list.forEach(n -> fromFile.add(n.asText()));
    if (!flags.isEmpty()) {
      throw BerthException.invalid("the following directives are specified both as a flag and in the configuration file: "
          + "insecure-registries: (from flag: %s, from file: %s)", flags, fromFile);
    }
    return fromFile;
  }

  /** {@code --ip}, or daemon.json's {@code ip} (not both, as dockerd), or {@code 0.0.0.0}. */
  static String defaultIp(Optional<Path> file, Optional<String> flag) {
    JsonNode root = read(file);
    if (!root.has("ip")) return flag.orElse("0.0.0.0");
    String fromFile = root.get("ip").asText();
    if (flag.isPresent()) {
      throw BerthException.invalid("the following directives are specified both as a flag and in the configuration file: "
          + "ip: (from flag: %s, from file: %s)", flag.get(), fromFile);
    }
    return DaemonOptions.ipLiteral(fromFile).orElseThrow(() -> BerthException.invalid(
        "unable to configure the Docker daemon with file %s: %s is not an ip address", file.orElse(Path.of(DEFAULT)),
        fromFile));
  }

  private static JsonNode read(Optional<Path> file) {
    Path p = file.orElse(Path.of(DEFAULT));
    byte[] data;
    try {
      data = Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      if (file.isEmpty()) return Json.mapper().createObjectNode();
      throw BerthException.invalid("unable to configure the Docker daemon with file %s: open %s: no such file or directory", p, p);
    } catch (IOException e) {
      throw BerthException.invalid("unable to configure the Docker daemon with file %s: %s", p, e.getMessage());
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(data);
    } catch (IOException e) {
      throw BerthException.invalid("unable to configure the Docker daemon with file %s: %s", p, e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw BerthException.invalid("unable to configure the Docker daemon with file %s: not a JSON object", p);
    }
    return root;
  }

  private static String goMap(Map<String, String> m) {
    var sb = new StringBuilder("map[");
    m.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> sb.append(sb.length() > 4 ? " " : "").append(e.getKey()).append(':').append(e.getValue()));
    return sb.append(']').toString();
  }
}
