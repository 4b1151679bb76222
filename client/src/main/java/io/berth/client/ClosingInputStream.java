package io.berth.client;

import io.berth.http.client.Response;
import java.io.FilterInputStream;
import java.io.IOException;

/** A response body that closes its response (and so its connection) when closed. */
final class ClosingInputStream extends FilterInputStream {
  private final Response response;

  ClosingInputStream(Response response) {
    super(response.body());
    this.response = response;
  }

  @Override public void close() throws IOException {
    try { super.close(); } finally {
      try { response.close(); } catch (Exception e) { /* connection already gone */ }
    }
  }
}
