package io.berth.oci.runtime;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.berth.oci.errors.BerthException;

/**
 * A POSIX resource limit ({@code RLIMIT_NOFILE}, ...). The spec's values are uint64; this model keeps
 * them in {@code [0, Long.MAX_VALUE]} (no {@code RLIM_INFINITY}: runtimes cannot raise limits above the
 * host's hard limit without {@code CAP_SYS_RESOURCE} anyway).
 */
@JsonPropertyOrder({"type", "hard", "soft"})
public record Rlimit(String type, long hard, long soft) {
  public Rlimit {
    OptionalJson.required(type, "rlimit type");
    if (!type.startsWith("RLIMIT_")) throw BerthException.invalid("invalid rlimit type: %s", type);
    if (soft < 0 || hard < 0 || soft > hard) {
      throw BerthException.invalid("invalid rlimit %s: soft %d, hard %d", type, soft, hard);
    }
  }
}
