package io.berth.client;

/** Query of {@code POST /containers/{id}/attach}: which streams to hijack. */
public record AttachOptions(boolean stdin, boolean stdout, boolean stderr, boolean logs) {
  /** What {@code docker run} attaches without -i: stdout and stderr. */
  public static AttachOptions outputs() { return new AttachOptions(false, true, true, false); }

  Query toQuery() {
    return new Query().flag("logs", logs).flag("stderr", stderr).flag("stdin", stdin).flag("stdout", stdout).add("stream", "1");
  }
}
