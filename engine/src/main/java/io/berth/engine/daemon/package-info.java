/**
 * The berthd process: command-line options ({@link io.berth.engine.daemon.DaemonOptions}), the
 * composition root that wires stores, snapshotter, runtime, services and the API
 * ({@link io.berth.engine.daemon.Berthd}), the data-root lock, and start-up recovery of containers
 * that kept running while berthd was down.
 */
package io.berth.engine.daemon;
