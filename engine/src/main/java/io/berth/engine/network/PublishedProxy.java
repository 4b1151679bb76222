package io.berth.engine.network;

import java.time.Duration;

/**
 * One published port's userland proxy: {@link PortProxy} for TCP, {@link UdpPortProxy} for UDP. Bound
 * when made; {@link #start} begins serving; {@link #release} (the container is gone) and
 * {@link #close} (berthd stops) free the host port before they return.
 */
sealed interface PublishedProxy extends AutoCloseable permits PortProxy, UdpPortProxy {
  /** What is bound where. */
  PortMapping mapping();

  void start();

  /** Stops serving at once; traffic already under way may finish within {@code drain}. */
  void release(Duration drain);

  @Override void close();
}
