package io.berth.engine.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import io.berth.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Docker's three predefined networks. The default {@code bridge} network's subnet is chosen once per
 * data root — the first of Docker's default pools (172.17/16 … 172.31/16, then 192.168.x/20) that
 * overlaps no host route — and kept in {@code <data-root>/network/predefined.json} with the
 * networks' IDs, so it stays stable across restarts.
 */
public final class PredefinedNetworks {
  /** The bridge device the default network uses. */
  public static final String BRIDGE_DEVICE = "berth0";

  /** A predefined network: {@code driver} is bridge, host or null (Docker's names). */
  public record Network(String id, String name, String driver, Optional<Ipv4Subnet> subnet, Instant created) {}

  private final List<Network> networks;

  private PredefinedNetworks(List<Network> networks) {
    this.networks = networks;
  }

  public List<Network> all() { return networks; }

  /** By full ID, name, or unique ID prefix (Docker's lookup order). */
  public Optional<Network> find(String ref) {
    for (Network n : networks) if (n.id().equals(ref)) return Optional.of(n);
    for (Network n : networks) if (n.name().equals(ref)) return Optional.of(n);
    var byPrefix = networks.stream().filter(n -> !ref.isEmpty() && n.id().startsWith(ref)).toList();
    return byPrefix.size() == 1 ? Optional.of(byPrefix.getFirst()) : Optional.empty();
  }

  public static PredefinedNetworks load(Path dataRoot, Path procNetRoute) throws IOException {
    Path file = dataRoot.resolve("network").resolve("predefined.json");
    if (Files.exists(file)) {
      JsonNode n = Json.mapper().readTree(Files.readAllBytes(file));
      Instant created = Instant.parse(n.path("created").asText());
      return of(n.path("bridge").asText(), n.path("host").asText(), n.path("none").asText(),
          Ipv4Subnet.parse(n.path("subnet").asText()), created);
    }
    Ipv4Subnet subnet = chooseSubnet(HostRoutes.read(procNetRoute));
    Instant created = Instant.now();
    String bridge = newId();
    String host = newId();
    String none = newId();
    Files.createDirectories(file.getParent());
    String json = Json.string(java.util.Map.of("bridge", bridge, "host", host, "none", none,
        "subnet", subnet.toString(), "created", created.toString()));
    AtomicFiles.write(file, json.getBytes(StandardCharsets.UTF_8));
    return of(bridge, host, none, subnet, created);
  }

  private static PredefinedNetworks of(String bridge, String host, String none, Ipv4Subnet subnet, Instant created) {
    return new PredefinedNetworks(List.of(
        new Network(bridge, "bridge", "bridge", Optional.of(subnet), created),
        new Network(host, "host", "host", Optional.empty(), created),
        new Network(none, "none", "null", Optional.empty(), created)));
  }

  static Ipv4Subnet chooseSubnet(List<Ipv4Subnet> taken) {
    for (int second = 17; second <= 31; second++) {
      var candidate = new Ipv4Subnet((172L << 24) | ((long) second << 16), 16);
      if (taken.stream().noneMatch(candidate::overlaps)) return candidate;
    }
    for (int third = 0; third < 256; third += 16) {
      var candidate = new Ipv4Subnet((192L << 24) | (168L << 16) | ((long) third << 8), 20);
      if (taken.stream().noneMatch(candidate::overlaps)) return candidate;
    }
    throw new IllegalStateException("no free private subnet for the default bridge network");
  }

  private static String newId() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
