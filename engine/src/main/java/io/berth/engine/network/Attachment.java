package io.berth.engine.network;

import io.berth.engine.container.NetworkOptions.EndpointConfig;
import java.util.Optional;

/**
 * A row of {@code endpoints}: container {@code containerId} belongs to network {@code networkId}.
 *
 * @param seq     the order the container joined its networks in (interface eth{@code n})
 * @param address the IPv4 address (unsigned 32-bit) while the container runs
 * @param mac     the MAC its interface got
 * @param ifName  its interface inside the container while it runs ({@code eth0}, ...)
 */
public record Attachment(String networkId, String containerId, int seq, EndpointConfig config,
    Optional<Long> address, Optional<String> mac, Optional<String> ifName) {

  public Optional<String> dottedAddress() { return address.map(Ipv4Subnet::dotted); }
}
