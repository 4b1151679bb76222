/**
 * The typed Docker Engine API client that the berth CLI, compose and the tests use to talk to
 * berthd (or any Engine API daemon) over a unix socket or TCP. {@link io.berth.client.EngineClient}
 * owns version negotiation and the mapping of endpoints to calls; {@link io.berth.client.StdStreamDemux}
 * owns the 8-byte-header stdout/stderr framing of logs and attach streams.
 */
package io.berth.client;
