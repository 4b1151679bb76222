package io.berth.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * berthd creates the default bridge device {@code berth0} (engine's PredefinedNetworks.BRIDGE_DEVICE)
 * and, like dockerd with docker0, leaves it when it stops. Tests must leave the host as they found it:
 * when the last test daemon of this JVM closes, the device goes again — unless it existed before the
 * first one started (a real berthd of the machine's own, which must keep it).
 */
final class DefaultBridge {
  private static final String DEVICE = "berth0";
  private static Boolean existedBefore;
  private static int liveDaemons;

  private DefaultBridge() {}

  static synchronized void daemonStarting() {
    if (existedBefore == null) existedBefore = exists();
    liveDaemons++;
  }

  static synchronized void daemonClosed() {
    liveDaemons = Math.max(0, liveDaemons - 1);
    if (liveDaemons > 0 || Boolean.TRUE.equals(existedBefore) || !exists()) return;
    try {
      Process p = new ProcessBuilder("ip", "link", "del", DEVICE).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
    } catch (IOException e) {
      // ip missing: nothing to clean with; HostLeaks-style checks will name the device
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean exists() {
    return Files.exists(Path.of("/sys/class/net", DEVICE));
  }
}
