/**
 * A minimal blocking HTTP/1.1 client over an {@link io.berth.http.Endpoint}: one connection per
 * call ({@link io.berth.http.client.HttpClient#send}), streamed request bodies with chunked
 * encoding, decoded response bodies, and connection hijacking for attach/exec
 * ({@link io.berth.http.client.HttpClient#upgrade} returning {@link io.berth.http.client.Upgraded}).
 *
 * <p>{@link io.berth.http.client.Upgraded} is also what the server's hijack returns: both sides of
 * a hijacked connection see the same type.
 */
package io.berth.http.client;
