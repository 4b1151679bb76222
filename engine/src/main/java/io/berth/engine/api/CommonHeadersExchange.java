package io.berth.engine.api;

import io.berth.http.Headers;
import io.berth.http.client.Upgraded;
import io.berth.http.server.Exchange;
import io.berth.http.server.QueryParams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Adds the headers every Engine API answer carries ({@code Api-Version}, {@code Server}, …) to each
 * response of one exchange; the docker CLI negotiates its API version from them.
 */
final class CommonHeadersExchange implements Exchange {
  private final Exchange delegate;
  private final Headers common;

  CommonHeadersExchange(Exchange delegate, Headers common) {
    this.delegate = delegate;
    this.common = common;
  }

  private Headers with(Headers h) {
    Headers out = new Headers();
    common.forEach(out::add);
    h.forEach(out::set);
    return out;
  }

  @Override public String method() { return delegate.method(); }
  @Override public String path() { return delegate.path(); }
  @Override public String rawPath() { return delegate.rawPath(); }
  @Override public String rawTarget() { return delegate.rawTarget(); }
  @Override public String version() { return delegate.version(); }
  @Override public QueryParams query() { return delegate.query(); }
  @Override public Headers headers() { return delegate.headers(); }
  @Override public InputStream body() throws IOException { return delegate.body(); }
  @Override public boolean responded() { return delegate.responded(); }

  @Override public void respond(int status, Headers headers, byte[] body) throws IOException {
    delegate.respond(status, with(headers), body);
  }

  @Override public void respondEmpty(int status) throws IOException {
    if (status == 204 || status == 304) {
      delegate.respondEmpty(status);
    } else {
      delegate.respond(status, with(new Headers()), new byte[0]);
    }
  }

  @Override public OutputStream respondChunked(int status, Headers headers) throws IOException {
    return delegate.respondChunked(status, with(headers));
  }

  @Override public Upgraded hijack(int status, Headers headers) throws IOException {
    return delegate.hijack(status, with(headers));
  }
}
