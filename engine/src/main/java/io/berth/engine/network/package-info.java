/**
 * Networks: the predefined {@code bridge}, {@code host} and {@code none} networks, the choice of the
 * default bridge's subnet and its device ({@code berth0}), and published ports — userland TCP proxies
 * in berthd that reach into a container's network namespace through sockets made there
 * ({@link io.berth.engine.network.NetnsSocketFactory}). Wiring containers into networks (veth, IPAM,
 * DNS: CNI) comes with the networking work.
 */
package io.berth.engine.network;
