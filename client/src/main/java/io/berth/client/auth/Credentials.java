package io.berth.client.auth;

import java.net.URI;
import java.util.Map;

/**
 * The credentials of one client configuration: which store serves a server, and docker's rules
 * for the key a registry is stored under ({@code https://index.docker.io/v1/} for Docker Hub, the
 * host[:port] otherwise).
 */
public final class Credentials {
  /** Docker Hub's key in {@code auths} and for helpers. */
  public static final String INDEX_SERVER = "https://index.docker.io/v1/";

  private final ConfigFile config;
  private final Map<String, String> env;

  public Credentials(ConfigFile config, Map<String, String> env) {
    this.config = config;
    this.env = Map.copyOf(env);
  }

  public ConfigFile config() { return config; }

  /** The key for a registry domain: Docker Hub's URL for {@code docker.io}, else the domain. */
  public static String configKey(String domain) {
    return domain.equals("docker.io") || domain.equals("index.docker.io") ? INDEX_SERVER : domain;
  }

  /** docker's {@code ConvertToHostname}: {@code https://host:5000/v2/} → {@code host:5000}. */
  public static String hostname(String maybeUrl) {
    String s = maybeUrl;
    if (s.contains("://")) {
      try {
        URI u = URI.create(s);
        if (u.getHost() != null && !u.getHost().isEmpty()) return u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
      } catch (IllegalArgumentException ignored) {
        // not a URL after all: fall through to the plain cut
      }
    }
    int slash = s.indexOf('/');
    return slash < 0 ? s : s.substring(0, slash);
  }

  /** The store for {@code server}: its {@code credHelpers} entry, else {@code credsStore}, else the file. */
  public CredentialStore store(String server) {
    String helper = server.isEmpty() ? "" : config.credHelpers().getOrDefault(server, "");
    if (helper.isEmpty()) helper = config.credsStore();
    return helper.isEmpty() ? new FileStore(config) : new HelperStore(config, new CredentialHelper(helper, env));
  }

  /** The credentials for {@code server} (a config key). */
  public AuthConfig get(String server) {
    return store(server).get(server);
  }

  /**
   * The {@code X-Registry-Auth} value for an image in {@code domain}, as docker's
   * {@code ResolveAuthConfig} builds it; {@code e30=} when nothing is stored.
   */
  public String headerFor(String domain) {
    String key = configKey(domain);
    try {
      return get(key).encoded();
    } catch (java.io.UncheckedIOException e) {
      // docker ignores a failing helper here and sends what config.json has (usually nothing)
      return new FileStore(config).get(key).encoded();
    }
  }
}
