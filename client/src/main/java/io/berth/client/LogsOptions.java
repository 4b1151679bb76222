package io.berth.client;

import java.util.Optional;

/**
 * Query of {@code GET /containers/{id}/logs}. {@code tail} is "all" or a line count; {@code since}
 * and {@code until} are Unix timestamps ("1700000000.000000000") as the daemon expects.
 */
public record LogsOptions(boolean follow, boolean stdout, boolean stderr, boolean timestamps,
                          String tail, Optional<String> since, Optional<String> until) {
  public LogsOptions {
    tail = tail == null || tail.isBlank() ? "all" : tail;
    since = since == null ? Optional.empty() : since;
    until = until == null ? Optional.empty() : until;
  }

  public static LogsOptions all() {
    return new LogsOptions(false, true, true, false, "all", Optional.empty(), Optional.empty());
  }

  Query toQuery() {
    var q = new Query().flag("follow", follow).flag("stdout", stdout).flag("stderr", stderr)
        .flag("timestamps", timestamps).add("tail", tail);
    since.ifPresent(s -> q.add("since", s));
    until.ifPresent(u -> q.add("until", u));
    return q;
  }
}
