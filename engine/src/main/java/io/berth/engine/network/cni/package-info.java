/**
 * The kernel side of Berth's bridge networks ({@link io.berth.engine.network.NetworkPlumbing}) done
 * with the host's CNI plugins and iptables: {@link io.berth.engine.network.cni.CniPlugins} runs a
 * plugin binary the way the CNI spec says, {@link io.berth.engine.network.cni.CniBridgePlumbing} puts
 * container namespaces on a bridge with the {@code bridge} plugin (static IPAM: berthd decides every
 * address), and {@link io.berth.engine.network.cni.BridgeFirewall} keeps each network's forwarding,
 * isolation and NAT rules in Berth's own chains, every rule tagged with its network and owner so it
 * can be found and removed again ({@link io.berth.engine.network.cni.Iptables}).
 */
package io.berth.engine.network.cni;
