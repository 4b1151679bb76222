/**
 * A small blocking HTTP/1.1 server: {@link io.berth.http.server.HttpServer} accepts on unix and TCP
 * listeners and runs one virtual thread per connection, calling a {@link io.berth.http.server.Handler}
 * with an {@link io.berth.http.server.Exchange} per request (keep-alive, 100-continue, HEAD,
 * chunked and streamed responses, connection hijack for attach/exec).
 *
 * <p>Routing, Docker error mapping and API versions are not here: berthd's {@code api} package
 * does those on top of {@link io.berth.http.server.Handler}.
 */
package io.berth.http.server;
