/**
 * Docker's embedded DNS for user-defined networks: a small DNS server per network, bound to the
 * network's gateway address (podman/aardvark's way; Docker's 127.0.0.11 needs NAT rules inside every
 * container namespace). It answers the names of the network's containers (name, short ID, aliases)
 * and forwards every other question to the host's real upstream servers.
 */
package io.berth.engine.network.dns;
