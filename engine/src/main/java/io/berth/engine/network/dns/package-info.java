/**
 * Docker's embedded DNS for user-defined networks: a small DNS server per network, bound to the
 * network's gateway address, port 53, UDP and TCP (podman/aardvark's way; Docker's 127.0.0.11 needs
 * NAT rules inside every container namespace), so containers get {@code nameserver <gateway>}.
 *
 * <ul>
 *   <li>{@link io.berth.engine.network.dns.DnsMessage}: RFC 1035 messages, parsed with bounds checks
 *       (hostile packets give a "malformed" result, never an exception) and encoded with compression;
 *   <li>{@link io.berth.engine.network.dns.EmbeddedDns}: the server — the network's container names
 *       answered, everything else forwarded to the upstream servers;
 *   <li>{@link io.berth.engine.network.dns.UpstreamExchange}: one question to one upstream server,
 *       bounded in time whatever that server does;
 *   <li>{@link io.berth.engine.network.dns.Upstreams}: the host's servers (systemd-resolved aware) and
 *       a container's {@code --dns} ones;
 *   <li>{@link io.berth.engine.network.dns.ResolvConf}: the resolv.conf a container gets, by Docker's
 *       rules for the host network, the default bridge and user-defined networks.
 * </ul>
 */
package io.berth.engine.network.dns;
