package io.berth.engine.daemon;

import io.berth.engine.container.ContainerPaths;
import io.berth.engine.container.ContainerService;
import io.berth.engine.container.ContainerStore;
import io.berth.engine.network.BridgeDevice;
import io.berth.engine.network.NetnsSocketFactory;
import io.berth.engine.network.PortPublisher;
import io.berth.engine.network.PredefinedNetworks;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Start-up wiring of published ports: the default bridge device, the netns socket thread and the
 * port publisher, hooked into the container service; the ports of containers still running are
 * published again (before exits are delivered, so an exit releases them).
 *
 * <p>The proxies relay to loopback inside each container's namespace ({@link PortPublisher.Targets#LOOPBACK});
 * once containers have addresses on their networks, pass a {@link PortPublisher.Targets} giving the
 * address (and add the publisher's hooks after the networking's, so the address exists when it is asked).
 */
final class PublishedPorts {
  private PublishedPorts() {}

  static PortPublisher start(ContainerService containers, ContainerStore store, ContainerPaths paths,
      PredefinedNetworks networks, String defaultBindIp) throws IOException {
    ensureBridge(networks);
    var publisher = new PortPublisher(new NetnsSocketFactory(), paths, defaultBindIp, PortPublisher.Targets.LOOPBACK);
    containers.addHooks(publisher);
    publisher.restore(store.all());
    return publisher;
  }

  /**
   * berth0 with the bridge network's gateway address: where Testcontainers (which sees /.dockerenv
   * here) connects to published ports. Without it berthd still runs: ports stay reachable on the
   * host's other addresses.
   */
  private static void ensureBridge(PredefinedNetworks networks) {
    var subnet = networks.find("bridge").flatMap(PredefinedNetworks.Network::subnet);
    if (subnet.isEmpty()) return;
    try {
      new BridgeDevice(Binaries.find("ip"), Path.of("/sys/class/net")).ensure(PredefinedNetworks.BRIDGE_DEVICE, subnet.get());
    } catch (IOException | RuntimeException e) {
      System.err.println("berthd: warning: cannot set up the bridge " + PredefinedNetworks.BRIDGE_DEVICE + ": "
          + e.getMessage());
    }
  }
}
