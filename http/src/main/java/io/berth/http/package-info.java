/**
 * HTTP/1.1 wire pieces shared by the client and the server: {@link io.berth.http.Endpoint} (where to
 * connect or listen: unix socket or TCP), {@link io.berth.http.Headers}, message-head parsing with
 * hard limits ({@link io.berth.http.HttpWire}, {@link io.berth.http.HttpParseException}) and the body
 * framings (Content-Length, chunked, until-EOF).
 *
 * <p>This module is deliberately JDK-only and blocking: berthd serves one virtual thread per
 * connection, which makes hijacked connections (attach/exec) and half-close straightforward.
 * Nothing here is thread-safe unless stated; a message is read or written by one thread at a time.
 */
package io.berth.http;
