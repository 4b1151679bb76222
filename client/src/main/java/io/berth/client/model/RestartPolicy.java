package io.berth.client.model;

/** {@code HostConfig.RestartPolicy}: name is "", "no", "always", "unless-stopped" or "on-failure". */
public record RestartPolicy(String name, int maximumRetryCount) {
  public RestartPolicy {
    name = Zero.str(name);
  }
}
