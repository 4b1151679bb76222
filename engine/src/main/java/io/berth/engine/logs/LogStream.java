package io.berth.engine.logs;

/** Which of the container's output streams a log entry came from. */
public enum LogStream {
  STDOUT("stdout"),
  STDERR("stderr");

  private final String wire;

  LogStream(String wire) { this.wire = wire; }

  /** The name used in conmon's log and in Docker's json-file: {@code stdout} or {@code stderr}. */
  public String wire() { return wire; }
}
