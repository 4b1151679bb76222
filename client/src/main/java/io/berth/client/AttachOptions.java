package io.berth.client;

import java.util.Objects;
import java.util.Optional;

/**
 * Query of {@code POST /containers/{id}/attach}: which streams to hijack, and the detach keys in
 * Docker's format ({@code ctrl-p,ctrl-q} when absent; the daemon checks them).
 */
public record AttachOptions(boolean stdin, boolean stdout, boolean stderr, boolean logs, Optional<String> detachKeys) {
  public AttachOptions {
    Objects.requireNonNull(detachKeys, "detachKeys");
  }

  public AttachOptions(boolean stdin, boolean stdout, boolean stderr, boolean logs) {
    this(stdin, stdout, stderr, logs, Optional.empty());
  }

  /** What {@code docker run} attaches without -i: stdout and stderr. */
  public static AttachOptions outputs() { return new AttachOptions(false, true, true, false); }

  /** The same streams with {@code keys} (docker sends them only when set). */
  public AttachOptions withDetachKeys(Optional<String> keys) {
    return new AttachOptions(stdin, stdout, stderr, logs, keys.filter(k -> !k.isEmpty()));
  }

  Query toQuery() {
    Query q = new Query();
    detachKeys.ifPresent(k -> q.add("detachKeys", k));
    return q.flag("logs", logs).flag("stderr", stderr).flag("stdin", stdin).flag("stdout", stdout).add("stream", "1");
  }
}
