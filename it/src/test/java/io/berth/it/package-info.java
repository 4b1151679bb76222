/**
 * End-to-end tests: each class starts its own berthd ({@link io.berth.testkit.TestDaemon}) on throw-away
 * roots, loads the testkit busybox image and drives it with {@code bin/berth}, the docker CLI and raw
 * Engine API calls. They need root, runc and conmon; failsafe runs them in {@code mvn verify}.
 */
package io.berth.it;
