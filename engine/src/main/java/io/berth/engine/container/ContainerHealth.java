package io.berth.engine.container;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A container's health as Docker reports it in {@code State.Health}: the status, the number of
 * consecutive failed probes, and the last {@value #MAX_LOG} probe results. The transition rules are
 * moby's {@code handleProbeResult}: a probe that exits 0 makes the container healthy and resets the
 * streak; any other result (including a timeout, exit -1) extends the streak, except while the
 * container is still starting within its start period; {@code retries} consecutive failures make it
 * unhealthy. Immutable.
 */
public record ContainerHealth(Status status, int failingStreak, List<Result> log) {
  /** Docker keeps this many results. */
  public static final int MAX_LOG = 5;
  /** Docker stores at most this many bytes of a probe's output (then appends "..."). */
  public static final int MAX_OUTPUT = 4096;

  /** Docker's health status words. */
  public enum Status {
    STARTING("starting"), HEALTHY("healthy"), UNHEALTHY("unhealthy");

    private final String word;

    Status(String word) { this.word = word; }

    public String word() { return word; }

    public static Status of(String word) {
      for (Status s : values()) if (s.word.equals(word)) return s;
      throw new IllegalArgumentException("unknown health status " + word);
    }
  }

  /** One probe: when it ran, its exit code (-1: it could not run or timed out) and its output. */
  public record Result(Instant start, Instant end, int exitCode, String output) {
    public Result {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      output = Objects.requireNonNullElse(output, "");
    }
  }

  public ContainerHealth {
    Objects.requireNonNull(status, "status");
    log = List.copyOf(log);
  }

  /** A freshly started container's health: starting, no failures, earlier results kept (as Docker). */
  public ContainerHealth restarted() {
    return new ContainerHealth(Status.STARTING, 0, log);
  }

  public static ContainerHealth starting() {
    return new ContainerHealth(Status.STARTING, 0, List.of());
  }

  /**
   * The health after {@code r}. {@code sinceStart} is how long after the container's start the probe
   * began; failures inside {@code startPeriod} do not count while the container is starting.
   */
  public ContainerHealth record(Result r, int retries, Duration sinceStart, Duration startPeriod) {
    List<Result> next = new ArrayList<>(log);
    next.add(r);
    while (next.size() > MAX_LOG) next.removeFirst();
    if (r.exitCode() == 0) return new ContainerHealth(Status.HEALTHY, 0, next);
    boolean counts = status != Status.STARTING || sinceStart.compareTo(startPeriod) >= 0;
    if (!counts) return new ContainerHealth(status, failingStreak, next);
    int streak = failingStreak + 1;
    return new ContainerHealth(streak >= retries ? Status.UNHEALTHY : status, streak, next);
  }
}
