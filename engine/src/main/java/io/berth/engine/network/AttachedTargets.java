package io.berth.engine.network;

import io.berth.engine.container.Container;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * {@link PortPublisher.Targets} from the containers' network attachments: the address on the first
 * network (join order) that is not internal and has given the container an address — the one that
 * carries its default route ({@link ContainerNetworking#created}), where Docker's proxy connects too.
 * A container with none (no veth yet, {@code --network none}, a failed attachment) keeps loopback.
 *
 * <p>Wiring (in Berthd): {@code new PortPublisher(sockets, paths, ip, new AttachedTargets(networking))},
 * with the publisher's hooks added after the networking's.
 */
public record AttachedTargets(ContainerNetworking networking) implements PortPublisher.Targets {
  @Override public Optional<InetAddress> of(Container c) {
    for (ContainerNetworking.Joined j : networking.current(c.id())) {
      if (j.network().internal()) continue;
      Optional<String> ip = j.endpoint().dottedAddress();
      if (ip.isEmpty()) continue;
      try {
        return Optional.of(InetAddress.getByName(ip.get())); // a dotted literal: no lookup
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
