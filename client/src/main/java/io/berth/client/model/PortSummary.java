package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One published or exposed port of a container (swagger {@code PortSummary}). */
public record PortSummary(@JsonProperty("IP") String ip, int privatePort, int publicPort, String type) {
  public PortSummary {
    ip = Zero.str(ip);
    type = Zero.str(type);
  }
}
