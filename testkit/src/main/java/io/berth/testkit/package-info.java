/**
 * Test support for Berth, used by the {@code it} module, the benchmarks and the scripts:
 * {@link io.berth.testkit.BusyboxImage} builds a deterministic busybox image (rootfs tar and
 * {@code docker save} tar) from the host's busybox-static; {@link io.berth.testkit.TestDaemon} runs a real
 * berthd on throw-away roots and checks the host for leaks when closed ({@link io.berth.testkit.HostLeaks});
 * {@link io.berth.testkit.Cli} runs {@code bin/berth} and the docker CLI against it;
 * {@link io.berth.testkit.EngineHttp} sends raw Engine API requests over the unix socket.
 */
package io.berth.testkit;
