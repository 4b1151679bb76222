package io.berth.client.auth;

/**
 * Where one server's credentials live: in {@code config.json} itself ({@link FileStore}) or behind a
 * credential helper ({@link HelperStore}), chosen per server as docker does ({@code credHelpers},
 * then {@code credsStore}, then the file).
 */
public sealed interface CredentialStore permits FileStore, HelperStore {
  /** The credentials for {@code server}; {@link AuthConfig#EMPTY} when there are none. */
  AuthConfig get(String server);

  /**
   * Stores {@code auth} under its server address. Returns true when a password was written in
   * plain text into {@code config.json} (the caller prints docker's "stored unencrypted" warning).
   */
  boolean store(AuthConfig auth);

  /** Removes the credentials for {@code server}; nothing happens when there are none. */
  void erase(String server);
}
