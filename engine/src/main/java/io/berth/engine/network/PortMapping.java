package io.berth.engine.network;

/**
 * One published port as it is bound: container port {@code 8080/tcp} reachable at
 * {@code hostIp:hostPort} ({@code 0.0.0.0} for every IPv4 address). Docker's
 * {@code NetworkSettings.Ports} entry and {@code PortSummary}.
 */
public record PortMapping(String containerPort, String hostIp, int hostPort) {
  /** The container port number ({@code 8080} of {@code 8080/tcp}). */
  public int privatePort() {
    return Integer.parseInt(containerPort.substring(0, containerPort.indexOf('/')));
  }

  /** The protocol ({@code tcp} of {@code 8080/tcp}). */
  public String protocol() {
    return containerPort.substring(containerPort.indexOf('/') + 1);
  }
}
