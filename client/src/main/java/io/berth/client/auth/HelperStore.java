package io.berth.client.auth;

/**
 * Credentials kept by {@code docker-credential-<helper>}; {@code config.json} keeps only an empty
 * entry naming the server (and its e-mail, if any), as docker writes it. An identity token is
 * stored under the user name {@code <token>}, docker's convention.
 */
public record HelperStore(ConfigFile config, CredentialHelper helper) implements CredentialStore {
  static final String TOKEN_USER = "<token>";

  @Override public AuthConfig get(String server) {
    AuthConfig base = new FileStore(config).get(server);
    var creds = helper.get(server);
    if (creds.isEmpty()) return base;
    var c = creds.get();
    if (c.username().equals(TOKEN_USER)) {
      return new AuthConfig("", "", "", base.email(), server, c.secret(), "");
    }
    return new AuthConfig(c.username(), c.secret(), "", base.email(), server, "", "");
  }

  @Override public boolean store(AuthConfig auth) {
    boolean token = !auth.identityToken().isEmpty();
    helper.store(new CredentialHelper.Credentials(auth.serverAddress(),
        token ? TOKEN_USER : auth.username(), token ? auth.identityToken() : auth.password()));
    new FileStore(config).store(new AuthConfig("", "", "", auth.email(), auth.serverAddress(), "", auth.registryToken()));
    return false;
  }

  @Override public void erase(String server) {
    helper.erase(server);
    new FileStore(config).erase(server);
  }
}
