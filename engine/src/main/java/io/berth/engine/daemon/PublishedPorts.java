package io.berth.engine.daemon;

import io.berth.engine.container.ContainerPaths;
import io.berth.engine.container.ContainerService;
import io.berth.engine.container.ContainerStore;
import io.berth.engine.events.EventBus;
import io.berth.engine.network.AttachedTargets;
import io.berth.engine.network.ContainerNetFiles;
import io.berth.engine.network.ContainerNetworking;
import io.berth.engine.network.NetnsSocketFactory;
import io.berth.engine.network.NetworkDns;
import io.berth.engine.network.Network;
import io.berth.engine.network.NetworkService;
import io.berth.engine.network.NetworkStore;
import io.berth.engine.network.PortPublisher;
import io.berth.engine.network.PredefinedNetworks;
import io.berth.engine.network.cni.CniBridgePlumbing;
import io.berth.engine.network.dns.ResolvConf;
import io.berth.engine.network.dns.Upstreams;
import io.berth.store.MetadataStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Wires networking into berthd: the networks (predefined ones synced into the store, every bridge
 * network's device and rules made again, leftovers of a crash reconciled away), the container
 * attachments (hooked into the container service first, so a container has its address before its
 * ports are published), and the port publisher relaying to that address. The ports of containers
 * still running are published again (before exits are delivered, so an exit releases them).
 */
final class PublishedPorts {
  private PublishedPorts() {}

  /** What the API and the rest of berthd use. */
  record Wired(NetworkService networks, ContainerNetworking attachments, PortPublisher ports, NetworkDns dns) {}

  static Wired start(MetadataStore db, EventBus events, ContainerService containers, ContainerStore store,
      ContainerPaths paths, PredefinedNetworks predefined, String defaultBindIp, String owner) throws IOException {
    var plumbing = CniBridgePlumbing.onHost(owner, Set.of(PredefinedNetworks.BRIDGE_DEVICE));
    var networks = new NetworkService(new NetworkStore(db), plumbing, events, Path.of("/proc/net/route"));
    networks.syncPredefined(predefined);
    var dns = new NetworkDns(networks.store(), containers, Upstreams.HOST_RESOLV_CONF,
        Upstreams.SYSTEMD_RESOLV_CONF, 53);
    networks.addListener(dns);
    networks.restore();
    String bridgeGateway = networks.find("bridge").flatMap(Network::gateway).orElse("127.0.0.1");
    var files = new ContainerNetFiles(paths, () -> bridgeGateway,
        () -> ResolvConf.ofHost(Upstreams.HOST_RESOLV_CONF, Upstreams.SYSTEMD_RESOLV_CONF));
    var attachments = new ContainerNetworking(networks, files).install(containers);
    var publisher = new PortPublisher(new NetnsSocketFactory(), paths, defaultBindIp, new AttachedTargets(attachments));
    containers.addHooks(publisher);
    publisher.restore(store.all());
    return new Wired(networks, attachments, publisher, dns);
  }
}
