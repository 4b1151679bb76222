package io.berth.cli;

/** A command has already decided its message and exit status (e.g. 125 for a refused run). */
public final class CommandFailure extends RuntimeException {
  private final int exitCode;

  public CommandFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() { return exitCode; }
}
