package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.client.json.JsonFields;

/** One published or exposed port of a container (swagger {@code PortSummary}). */
public record PortSummary(@JsonProperty("IP") String ip, int privatePort, int publicPort, String type) {
  public PortSummary {
    ip = Zero.str(ip);
    type = Zero.str(type);
  }

  public static PortSummary fromJson(JsonFields f) {
    return new PortSummary(f.string("IP"), f.integer("PrivatePort"), f.integer("PublicPort"), f.string("Type"));
  }
}
