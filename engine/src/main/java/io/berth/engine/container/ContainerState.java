package io.berth.engine.container;

import io.berth.oci.errors.BerthException;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a container is in its life. Transitions are guarded by the {@code can*} methods (as youki's
 * state machine): created → running ⇄ paused; running → exited or restarting → running … ; any
 * state without a process → removed.
 *
 * @param restartCount    restarts done by the restart policy since the last start through the API
 * @param manuallyStopped moby's {@code HasBeenManuallyStopped}: a stop or kill through the API
 *                        happened since the last start through the API; {@code unless-stopped}
 *                        then no longer restarts the container
 */
public record ContainerState(
    Status status,
    int pid,
    int exitCode,
    String error,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    int restartCount,
    boolean manuallyStopped,
    Optional<ContainerHealth> health,
    boolean oomKilled) {

  public ContainerState {
    health = health == null ? Optional.empty() : health;
  }

  /** Without the OOM flag (not killed by the OOM killer). */
  public ContainerState(Status status, int pid, int exitCode, String error, Optional<Instant> startedAt,
      Optional<Instant> finishedAt, int restartCount, boolean manuallyStopped, Optional<ContainerHealth> health) {
    this(status, pid, exitCode, error, startedAt, finishedAt, restartCount, manuallyStopped, health, false);
  }

  /** The same state, recording whether the kernel's OOM killer ended the last run ({@code State.OOMKilled}). */
  public ContainerState withOomKilled(boolean killed) {
    return new ContainerState(status, pid, exitCode, error, startedAt, finishedAt, restartCount, manuallyStopped,
        health, killed);
  }

  /** A state without the restart bookkeeping and health (as it was before those existed). */
  public ContainerState(Status status, int pid, int exitCode, String error, Optional<Instant> startedAt,
      Optional<Instant> finishedAt, int restartCount) {
    this(status, pid, exitCode, error, startedAt, finishedAt, restartCount, false, Optional.empty());
  }

  /** The same state with {@code h} as its health (the health monitor's results). */
  public ContainerState withHealth(Optional<ContainerHealth> h) {
    return new ContainerState(status, pid, exitCode, error, startedAt, finishedAt, restartCount, manuallyStopped, h,
        oomKilled);
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

  /** The container's process exists: running, or paused (frozen, but alive). */
  public boolean running() { return status == Status.RUNNING || status == Status.PAUSED; }

  /**
   * Docker's {@code State.Running} flag: true while paused and while waiting to be restarted by
   * its policy, which is what inspect, the default {@code ps} listing and removal checks go by.
   */
  public boolean dockerRunning() { return running() || status == Status.RESTARTING; }

  public boolean canStart() { return status == Status.CREATED || status == Status.EXITED; }

  public boolean canKill() { return status == Status.RUNNING; }

  public boolean canRemoveWithoutForce() { return !dockerRunning(); }

  /** Docker's checks of a start through the API: 409 while paused or when it cannot start, 304 while running. */
  void checkStartByUser(String shortId) {
    if (status == Status.PAUSED) throw BerthException.conflict("cannot start a paused container, try unpause instead");
    if (dockerRunning()) throw new BerthException.NotModified("container already started");
    if (!canStart()) throw BerthException.conflict("cannot start container %s in state %s", shortId, status.word());
  }

  /** Docker's 409 for a removal without force while the container runs, is paused or restarting. */
  BerthException removalRefused(String id) {
    return BerthException.conflict("You cannot remove a %s container %s. %s the container before attempting removal "
        + "or force remove", status.word(), id, status == Status.PAUSED ? "Unpause and then stop" : "Stop");
  }

  public ContainerState started(int pid, Instant at) {
    return new ContainerState(Status.RUNNING, pid, 0, "", Optional.of(at), Optional.empty(), restartCount,
        manuallyStopped, health);
  }

  public ContainerState exited(int code, Instant at) {
    return new ContainerState(Status.EXITED, 0, code, error, startedAt, Optional.of(at), restartCount,
        manuallyStopped, health, oomKilled);
  }

  /** Start failed: Docker records the exit code (126/127/128) and the runtime's message. */
  public ContainerState failedToStart(int code, String message, Instant at) {
    return new ContainerState(canStart() && startedAt.isEmpty() ? Status.CREATED : Status.EXITED,
        0, code, message, startedAt, Optional.of(at), restartCount, manuallyStopped, health);
  }

  /** Exited, and waiting for the restart policy's back-off: Docker counts the restart now. */
  public ContainerState restarting() {
    return new ContainerState(Status.RESTARTING, 0, exitCode, error, startedAt, finishedAt, restartCount + 1,
        manuallyStopped, health, oomKilled);
  }

  /** A pending policy restart was cancelled (stop, kill, daemon start-up): plain exited. */
  public ContainerState restartCancelled() {
    return new ContainerState(Status.EXITED, 0, exitCode, error, startedAt, finishedAt, restartCount, manuallyStopped,
        health, oomKilled);
  }

  public ContainerState paused() { return withStatus(Status.PAUSED); }

  public ContainerState unpaused() { return withStatus(Status.RUNNING); }

  /** A stop or kill came through the API. */
  public ContainerState stoppedByUser() {
    return new ContainerState(status, pid, exitCode, error, startedAt, finishedAt, restartCount, true, health, oomKilled);
  }

  /** A start through the API resets the policy's bookkeeping (moby's {@code ResetRestartManager(true)}). */
  public ContainerState startedByUser() {
    return new ContainerState(status, pid, exitCode, error, startedAt, finishedAt, 0, false, health, oomKilled);
  }

  private ContainerState withStatus(Status s) {
    return new ContainerState(s, pid, exitCode, error, startedAt, finishedAt, restartCount, manuallyStopped, health,
        oomKilled);
  }
}
