package io.berth.engine.registry;

import io.berth.distribution.RegistryClient;
import io.berth.distribution.RegistryCredentials;
import io.berth.distribution.RegistryHosts;
import java.util.List;

/** The daemon's registry settings ({@code --insecure-registry}) and the clients made from them. */
public final class Registries {
  private final RegistryHosts hosts;

  public Registries(List<String> insecureRegistries) {
    this.hosts = new RegistryHosts(insecureRegistries);
  }

  /** @param certsDirs certs.d directories with per-registry CAs and client certificates */
  public Registries(List<String> insecureRegistries, List<java.nio.file.Path> certsDirs) {
    this.hosts = new RegistryHosts(insecureRegistries, new io.berth.distribution.RegistryCerts(certsDirs));
  }

  public RegistryHosts hosts() { return hosts; }

  /** A client for the registry of reference domain {@code domain}, after pinging it. */
  public RegistryClient client(String domain, RegistryCredentials credentials) {
    return RegistryClient.forDomain(domain, hosts, credentials);
  }
}
