package io.berth.engine.container;

import java.time.Duration;

/**
 * Docker's restart-policy rules (moby's {@code restartmanager}), as pure functions so the decision
 * table and the back-off schedule can be tested without containers.
 *
 * <ul>
 *   <li>{@code no}: never.</li>
 *   <li>{@code always}: after every exit, also after a manual stop (such a container is started
 *       again when the daemon starts; a stop/kill only cancels the restart of the exit it causes).</li>
 *   <li>{@code unless-stopped}: as {@code always}, unless a stop or kill came through the API.</li>
 *   <li>{@code on-failure[:N]}: after a non-zero exit, while fewer than N restarts were made (N = 0:
 *       no limit).</li>
 * </ul>
 *
 * <p>The delay before a restart starts at {@value #INITIAL_MILLIS} ms and doubles with each restart,
 * up to one minute; it falls back to the start when the container had run for at least ten seconds.
 */
public final class RestartRules {
  static final long INITIAL_MILLIS = 100;
  static final Duration INITIAL = Duration.ofMillis(INITIAL_MILLIS);
  static final Duration MAX = Duration.ofMinutes(1);
  static final Duration RESET_AFTER = Duration.ofSeconds(10);

  private RestartRules() {}

  /**
   * Whether an exit leads to a restart.
   *
   * @param manuallyStopped a stop or kill through the API since the last start through the API
   * @param restartCount    restarts already made since the last start through the API
   */
  public static boolean shouldRestart(HostOptions.RestartPolicy policy, int exitCode, boolean manuallyStopped,
      int restartCount) {
    return switch (policy.name()) {
      case "always" -> true;
      case "unless-stopped" -> !manuallyStopped;
      case "on-failure" -> exitCode != 0
          && (policy.maximumRetryCount() == 0 || restartCount < policy.maximumRetryCount());
      default -> false;
    };
  }

  /**
   * The next back-off delay, given the previous one ({@link Duration#ZERO} before the first restart)
   * and how long the container ran this time. moby computes it on every exit, restart or not.
   */
  public static Duration nextDelay(Duration previous, Duration ranFor) {
    Duration d = ranFor.compareTo(RESET_AFTER) >= 0 ? Duration.ZERO : previous;
    if (d.isZero()) return INITIAL;
    if (d.compareTo(MAX) < 0) d = d.multipliedBy(2);
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}
