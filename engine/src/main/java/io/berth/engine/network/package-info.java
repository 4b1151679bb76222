/**
 * Networks: the predefined {@code bridge}, {@code host} and {@code none} networks and user-defined
 * bridge networks ({@link io.berth.engine.network.NetworkService}, kept with their endpoints — the
 * IPAM state — in the metadata store by {@link io.berth.engine.network.NetworkStore}); putting
 * containers on them ({@link io.berth.engine.network.ContainerNetworking}: addresses, veths through
 * {@link io.berth.engine.network.NetworkPlumbing}, hosts and resolv.conf); and published ports —
 * userland proxies in berthd that reach into a container's network namespace through sockets made
 * there ({@link io.berth.engine.network.NetnsSocketFactory}).
 */
package io.berth.engine.network;
