package io.berth.it;

import io.berth.testkit.RyukImage;
import io.berth.testkit.TestDaemon;

/**
 * Ryuk for the Testcontainers ITs: when the failsafe execution turns Ryuk on with the local stand-in
 * ({@code TESTCONTAINERS_RYUK_CONTAINER_IMAGE=berth-it/ryuk:latest}, it/pom.xml), the image must be in
 * the daemon before Testcontainers starts its first container (there is no registry to pull from).
 */
final class TestcontainersRyuk {
  private TestcontainersRyuk() {}

  /** True when this JVM runs Testcontainers with Ryuk on. */
  static boolean enabled() {
    return !"true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))
        && RyukImage.REPO_TAG.equals(System.getenv("TESTCONTAINERS_RYUK_CONTAINER_IMAGE"));
  }

  /** Loads the stand-in into {@code daemon} when Ryuk is on with it. */
  static void loadIfEnabled(TestDaemon daemon) {
    if (enabled()) daemon.loadRyuk();
  }
}
