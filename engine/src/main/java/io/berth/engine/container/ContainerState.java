package io.berth.engine.container;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a container is in its life. Transitions are guarded by the {@code can*} methods (as youki's
 * state machine): created → running → exited → running … ; any non-running state → removed.
 */
public record ContainerState(
    Status status,
    int pid,
    int exitCode,
    String error,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    int restartCount,
    Optional<ContainerHealth> health) {

  public ContainerState {
    health = health == null ? Optional.empty() : health;
  }

  /** A state without health (no healthcheck configured, or not started yet). */
  public ContainerState(Status status, int pid, int exitCode, String error, Optional<Instant> startedAt,
      Optional<Instant> finishedAt, int restartCount) {
    this(status, pid, exitCode, error, startedAt, finishedAt, restartCount, Optional.empty());
  }

  /** Docker's status words ({@code State.Status}). */
  public enum Status {
    CREATED("created"), RUNNING("running"), PAUSED("paused"), RESTARTING("restarting"),
    REMOVING("removing"), EXITED("exited"), DEAD("dead");

    private final String word;

    Status(String word) { this.word = word; }

    public String word() { return word; }

    public static Status of(String word) {
      for (Status s : values()) if (s.word.equals(word)) return s;
      throw new IllegalArgumentException("unknown container status " + word);
    }
  }

  public static ContainerState created() {
    return new ContainerState(Status.CREATED, 0, 0, "", Optional.empty(), Optional.empty(), 0);
  }

  public boolean running() { return status == Status.RUNNING; }

  public boolean canStart() { return status == Status.CREATED || status == Status.EXITED; }

  public boolean canKill() { return status == Status.RUNNING; }

  public boolean canRemoveWithoutForce() { return status != Status.RUNNING && status != Status.RESTARTING; }

  public ContainerState started(int pid, Instant at) {
    return new ContainerState(Status.RUNNING, pid, 0, "", Optional.of(at), Optional.empty(), restartCount, health);
  }

  public ContainerState exited(int code, Instant at) {
    return new ContainerState(Status.EXITED, 0, code, error, startedAt, Optional.of(at), restartCount, health);
  }

  /** The same state with {@code h} as its health (the health monitor's results). */
  public ContainerState withHealth(Optional<ContainerHealth> h) {
    return new ContainerState(status, pid, exitCode, error, startedAt, finishedAt, restartCount, h);
  }

  /** Start failed: Docker records the exit code (126/127/128) and the runtime's message. */
  public ContainerState failedToStart(int code, String message, Instant at) {
    return new ContainerState(canStart() && startedAt.isEmpty() ? Status.CREATED : Status.EXITED,
        0, code, message, startedAt, Optional.of(at), restartCount, health);
  }
}
