package io.berth.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Forwards the signals a user sends to an attached {@code run} to the container, like docker's
 * {@code --sig-proxy}. Uses {@code sun.misc.Signal} (module jdk.unsupported), the only JDK way to
 * catch SIGINT without exiting; where it is unavailable, signals simply end the CLI.
 */
final class Signals {
  private static final List<String> FORWARDED = List.of("INT", "TERM", "HUP");

  private Signals() {}

  /** Installs handlers; returns the names installed, for {@link #restore(List)}. */
  @SuppressWarnings("removal")
  static List<String> forward(Consumer<String> toContainer) {
    var installed = new ArrayList<String>();
    for (String name : FORWARDED) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), s -> toContainer.accept("SIG" + s.getName()));
        installed.add(name);
      } catch (Throwable e) {
        // signal reserved by the VM or platform: leave the default behaviour
      }
    }
    return installed;
  }

  /** Calls {@code onResize} on SIGWINCH (terminal size changes); returns what to {@link #restore(List)}. */
  @SuppressWarnings("removal")
  static List<String> onResize(Runnable onResize) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), s -> Thread.ofPlatform().daemon().start(onResize));
      return List.of("WINCH");
    } catch (Throwable e) {
      return List.of(); // not available here: the size stays as it was at start
    }
  }

  @SuppressWarnings("removal")
  static void restore(List<String> names) {
    for (String name : names) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), sun.misc.SignalHandler.SIG_DFL);
      } catch (Throwable ignored) {
        // nothing to restore
      }
    }
  }
}
