package io.berth.engine.container;

import io.berth.engine.runtime.ExecProcess;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One exec instance (Docker keeps them in memory too): created, then started once, then exited.
 * Thread-safe; state changes come from the API thread (start) and the exit waiter.
 */
public final class ExecInstance {
  /** Where the instance is in its life. */
  public enum Phase { CREATED, RUNNING, EXITED }

  private final String id;
  private final String containerId;
  private final ExecConfig config;
  private final boolean internal;
  private final Instant created = Instant.now();
  private final CompletableFuture<Integer> done = new CompletableFuture<>();
  private Phase phase = Phase.CREATED;
  private boolean starting;
  private Integer exitCode;
  private ExecProcess process;
  private Instant ended;
  private int[] pendingSize;

  ExecInstance(String id, String containerId, ExecConfig config, boolean internal) {
    this.id = id;
    this.containerId = containerId;
    this.config = config;
    this.internal = internal;
  }

  public String id() { return id; }

  public String containerId() { return containerId; }

  public ExecConfig config() { return config; }

  /** A healthcheck probe (not created through the API). */
  public boolean internal() { return internal; }

  public synchronized Phase phase() { return phase; }

  public synchronized boolean running() { return phase == Phase.RUNNING; }

  /** The exit code once the process ended (or failed to start); empty before. */
  public synchronized Optional<Integer> exitCode() { return Optional.ofNullable(exitCode); }

  /** The process's pid while it runs or after; 0 before it started. */
  public synchronized int pid() { return process == null ? 0 : process.pid(); }

  /** Completes with the exit code once it is recorded (and exec_die published). */
  public CompletableFuture<Integer> done() { return done; }

  synchronized Instant lastActivity() { return ended != null ? ended : created; }

  /** Claims the one start; false when it was started before. */
  synchronized boolean claimStart() {
    if (starting || phase != Phase.CREATED) return false;
    starting = true;
    return true;
  }

  synchronized void started(ExecProcess p) {
    process = p;
    phase = Phase.RUNNING;
    if (pendingSize != null) resizeQuietly(pendingSize[0], pendingSize[1]);
  }

  void exited(int code) {
    synchronized (this) {
      exitCode = code;
      phase = Phase.EXITED;
      ended = Instant.now();
    }
    done.complete(code);
  }

  /** The terminal size; remembered when it comes before the process runs. */
  synchronized void resize(int height, int width) {
    if (process == null) pendingSize = new int[] {height, width};
    else if (phase == Phase.RUNNING) resizeQuietly(height, width);
  }

  private void resizeQuietly(int height, int width) {
    try {
      process.resize(height, width);
    } catch (java.io.IOException e) {
      // the terminal went away with the process
    }
  }

  synchronized Optional<ExecProcess> process() { return Optional.ofNullable(process); }
}
