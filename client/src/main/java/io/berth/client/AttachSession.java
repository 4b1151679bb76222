package io.berth.client;

import io.berth.http.client.Upgraded;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A hijacked attach connection. Read the container's output with {@link #output(boolean)} (framed
 * unless the container has a TTY); write its stdin to {@link #stdin()} and call
 * {@link #closeStdin()} at EOF: that half-closes the socket, and the daemon keeps sending output
 * until the container's streams end (the docker CLI relies on this with {@code echo x | docker run -i}).
 * One reader thread and one writer thread may use it at once.
 */
public final class AttachSession implements AutoCloseable {
  private final Upgraded upgraded;

  AttachSession(Upgraded upgraded) { this.upgraded = upgraded; }

  public StdStreamDemux output(boolean tty) {
    InputStream in = upgraded.in();
    return tty ? StdStreamDemux.raw(in) : StdStreamDemux.multiplexed(in);
  }

  public OutputStream stdin() { return upgraded.out(); }

  public void closeStdin() throws IOException { upgraded.closeWrite(); }

  @Override public void close() {
    try { upgraded.close(); } catch (Exception ignored) { /* already closed */ }
  }
}
