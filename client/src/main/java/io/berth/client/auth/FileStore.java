package io.berth.client.auth;

import java.util.Map;

/** Credentials kept in {@code config.json}'s {@code auths} (base64 {@code user:password}, or a token). */
public record FileStore(ConfigFile config) implements CredentialStore {
  @Override public AuthConfig get(String server) {
    AuthConfig a = config.auths().get(server);
    if (a != null) return a;
    // older files keyed entries by URL ("https://host/v1/"); docker matches them by host name
    for (Map.Entry<String, AuthConfig> e : config.auths().entrySet()) {
      if (server.equals(Credentials.hostname(e.getKey()))) return e.getValue();
    }
    return AuthConfig.EMPTY;
  }

  /** Unchanged credentials leave the file alone (and print no warning), as docker does. */
  @Override public boolean store(AuthConfig auth) {
    AuthConfig stored = auth.withServerAddress(auth.serverAddress());
    if (stored.equals(config.auths().get(auth.serverAddress()))) return false;
    config.auths().put(auth.serverAddress(), stored);
    config.save();
    return !auth.password().isEmpty();
  }

  @Override public void erase(String server) {
    if (config.auths().remove(server) != null) config.save();
  }
}
