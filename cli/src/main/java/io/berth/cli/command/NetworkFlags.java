package io.berth.cli.command;

import io.berth.cli.InvalidFlagValue;
import io.berth.client.model.EndpointSettings;
import io.berth.client.model.NetworkingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The network flags of {@code run}/{@code create} as the docker CLI 28 turns them into a create
 * request: {@code --network} (repeatable; {@code name=..,alias=..,ip=..} for per-network options)
 * becomes {@code HostConfig.NetworkMode} (the first network, {@code default} without one) and
 * {@code NetworkingConfig.EndpointsConfig}; {@code --network-alias}, {@code --ip}, {@code --ip6} and
 * {@code --mac-address} apply to the first network. The values docker's flag parser checks
 * ({@code --dns}, {@code --dns-search}, {@code --add-host}) are checked here with its messages.
 *
 * <p>One deviation in form, not in meaning: docker sends an all-zero endpoint for {@code default}
 * when no {@code --network} is given; berth leaves {@code NetworkingConfig} out then, as docker
 * itself does for a single network without options.
 */
final class NetworkFlags {
  private static final Pattern ALPHA = Pattern.compile("[a-zA-Z]");
  private static final Pattern DOMAIN = Pattern.compile(
      "^(:?(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]*[a-zA-Z0-9])\\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9\\-]*[A-Za-z0-9]))$");
  private static final Pattern MAC = Pattern.compile(
      "[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\\1[0-9a-fA-F]{2}){4}|[0-9a-fA-F]{4}\\.[0-9a-fA-F]{4}\\.[0-9a-fA-F]{4}");

  private NetworkFlags() {}

  /** The network part of a create request. */
  record Networking(String networkMode, Optional<NetworkingConfig> networkingConfig) {}

  /** One {@code --network} value: a name, or docker's {@code name=..,alias=..,ip=..,ip6=..,mac-address=..,driver-opt=k=v}. */
  private record Attachment(String target, List<String> aliases, Optional<String> ip, Optional<String> ip6,
      Optional<String> mac, Map<String, String> driverOpts) {}

  /**
   * {@code --network} values and the container-wide flags. Refusals are {@link IllegalArgumentException}s
   * with docker's text ({@code run}/{@code create} print them as "berth: ..." with status 125).
   */
  static Networking parse(List<String> networks, List<String> aliases, String ip, String ip6, String mac) {
    List<Attachment> given = new ArrayList<>();
    for (String n : networks) given.add(attachment(n));
    Map<String, EndpointSettings> endpoints = new LinkedHashMap<>();
    if (given.isEmpty()) {
      Attachment def = withContainerOptions(new Attachment("default", List.of(), Optional.empty(), Optional.empty(),
          Optional.empty(), Map.of()), aliases, ip, ip6, mac);
      EndpointSettings e = endpoint(def);
      if (!e.isEmpty()) endpoints.put("default", e);
      return new Networking("default", nonEmpty(endpoints));
    }
    boolean userDefined = false;
    boolean builtIn = false;
    for (int i = 0; i < given.size(); i++) {
      Attachment a = given.get(i);
      if (isUserDefined(a.target())) userDefined = true;
      else builtIn = true;
      if (i == 0) a = withContainerOptions(a, aliases, ip, ip6, mac);
      EndpointSettings e = endpoint(a);
      if (endpoints.containsKey(a.target())) {
        throw new IllegalArgumentException("network \"" + a.target() + "\" is specified multiple times");
      }
      // docker: one network without options is left to the daemon (no endpoint config sent)
      if (i == 0 && given.size() == 1 && e.isEmpty()) continue;
      endpoints.put(a.target(), e);
    }
    if (userDefined && builtIn) {
      throw new IllegalArgumentException("conflicting options: cannot attach both user-defined and non-user-defined network-modes");
    }
    return new Networking(given.getFirst().target(), nonEmpty(endpoints));
  }

  private static Optional<NetworkingConfig> nonEmpty(Map<String, EndpointSettings> endpoints) {
    return endpoints.isEmpty() ? Optional.empty() : Optional.of(new NetworkingConfig(endpoints));
  }

  /** docker's {@code NetworkMode.IsUserDefined}: not default, bridge, host, none or container:. */
  static boolean isUserDefined(String mode) {
    return !(mode.equals("default") || mode.equals("bridge") || mode.equals("host") || mode.equals("none")
        || mode.startsWith("container:"));
  }

  private static Attachment attachment(String value) {
    if (!value.contains("=")) {
      return new Attachment(value, List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }
    String target = "";
    List<String> aliases = new ArrayList<>();
    Optional<String> ip = Optional.empty();
    Optional<String> ip6 = Optional.empty();
    Optional<String> mac = Optional.empty();
    Map<String, String> driverOpts = new LinkedHashMap<>();
    for (String field : value.split(",")) {
      int eq = field.indexOf('=');
      if (eq < 0) throw new IllegalArgumentException("invalid field '" + field + "' must be a key=value pair");
      String key = field.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
      String val = field.substring(eq + 1);
      switch (key) {
        case "name" -> target = val;
        case "alias" -> aliases.add(val);
        case "ip" -> ip = Optional.of(val);
        case "ip6" -> ip6 = Optional.of(val);
        case "mac-address" -> mac = Optional.of(val);
        case "driver-opt" -> {
          int e = val.indexOf('=');
          if (e < 0) throw new IllegalArgumentException("invalid key value pair format in driver options");
          driverOpts.put(val.substring(0, e), val.substring(e + 1));
        }
        default -> throw new IllegalArgumentException("invalid field key " + key);
      }
    }
    return new Attachment(target, aliases, ip, ip6, mac, driverOpts);
  }

  /** docker's {@code applyContainerOptions}: the container-wide flags go to the first network. */
  private static Attachment withContainerOptions(Attachment a, List<String> aliases, String ip, String ip6, String mac) {
    if (!a.aliases().isEmpty() && !aliases.isEmpty()) {
      throw new IllegalArgumentException("conflicting options: cannot specify both --network-alias and per-network alias");
    }
    if (a.ip().isPresent() && ip != null) {
      throw new IllegalArgumentException("conflicting options: cannot specify both --ip and per-network IPv4 address");
    }
    if (a.ip6().isPresent() && ip6 != null) {
      throw new IllegalArgumentException("conflicting options: cannot specify both --ip6 and per-network IPv6 address");
    }
    if (a.mac().isPresent() && mac != null && !mac.isEmpty()) {
      throw new IllegalArgumentException("conflicting options: cannot specify both --mac-address and per-network MAC address");
    }
    return new Attachment(a.target(), aliases.isEmpty() ? a.aliases() : List.copyOf(aliases),
        ip != null ? Optional.of(ip) : a.ip(), ip6 != null ? Optional.of(ip6) : a.ip6(),
        mac != null && !mac.isEmpty() ? Optional.of(mac) : a.mac(), a.driverOpts());
  }

  /** docker's {@code parseNetworkAttachmentOpt}. */
  private static EndpointSettings endpoint(Attachment a) {
    if (a.target().isBlank()) throw new IllegalArgumentException("no name set for network");
    if (!isUserDefined(a.target()) && !a.aliases().isEmpty()) {
      throw new IllegalArgumentException("network-scoped aliases are only supported for user-defined networks");
    }
    a.mac().ifPresent(m -> {
      if (!MAC.matcher(m.strip()).matches()) throw new IllegalArgumentException(m + " is not a valid mac address");
    });
    Optional<EndpointSettings.IpamConfig> ipam = a.ip().isPresent() || a.ip6().isPresent()
        ? Optional.of(new EndpointSettings.IpamConfig(a.ip(), a.ip6())) : Optional.empty();
    return new EndpointSettings(ipam, Optional.empty(), Optional.of(a.aliases()), a.mac(), Optional.of(a.driverOpts()));
  }

  // ---- values docker's flag parser checks (pflag errors: usage line, status 125) ---------------------

  /** {@code --dns}: IP addresses (docker's {@code ValidateIPAddress}). */
  static List<String> dns(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      out.add(ipAddress(v.strip()).orElseThrow(
          () -> new InvalidFlagValue("--dns", v, "IP address is not correctly formatted: " + v)));
    }
    return out;
  }

  /** {@code --dns-search}: domains, or "." (docker's {@code ValidateDNSSearch}). */
  static List<String> dnsSearch(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String raw : values) {
      String v = raw.strip();
      if (v.equals(".")) {
        out.add(v);
        continue;
      }
      var m = DOMAIN.matcher(v);
      if (!ALPHA.matcher(v).find() || !m.matches() || m.group(1).length() >= 255) {
        throw new InvalidFlagValue("--dns-search", raw, v + " is not a valid domain");
      }
      out.add(m.group(1));
    }
    return out;
  }

  /**
   * {@code --add-host}: "host:ip" or "host=ip" (an IPv6 address may be in brackets), or
   * "host:host-gateway"; sent as "host:ip", the form the daemon reads (docker's {@code ValidateExtraHost}).
   */
  static List<String> extraHosts(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      int sep = v.indexOf('=');
      if (sep < 0) sep = v.indexOf(':');
      if (sep <= 0) throw new InvalidFlagValue("--add-host", v, "bad format for add-host: " + io.berth.cli.format.Units.goQuote(v));
      String host = v.substring(0, sep);
      String addr = v.substring(sep + 1);
      if (!addr.equals("host-gateway")) {
        if (addr.length() > 2 && addr.startsWith("[") && addr.endsWith("]")) addr = addr.substring(1, addr.length() - 1);
        if (ipAddress(addr).isEmpty()) {
          throw new InvalidFlagValue("--add-host", v, "invalid IP address in add-host: " + io.berth.cli.format.Units.goQuote(addr));
        }
      }
      out.add(host + ":" + addr);
    }
    return out;
  }

  /** Go's {@code net.ParseIP}: a dotted-quad IPv4 address or an IPv6 literal (kept as written). */
  static Optional<String> ipAddress(String s) {
    if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      for (String part : s.split("\\.")) {
        if (Integer.parseInt(part) > 255 || (part.length() > 1 && part.startsWith("0"))) return Optional.empty();
      }
      return Optional.of(s);
    }
    if (!s.contains(":") || !s.matches("[0-9a-fA-F:.]+")) return Optional.empty();
    try {
      // a literal only: ofLiteral never resolves names
      java.net.InetAddress.ofLiteral(s);
      return Optional.of(s);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
