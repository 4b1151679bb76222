package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.client.json.JsonFields;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * One {@code BuildCache} record of {@code GET /system/df}: the step's cache entry, its parents, the
 * bytes it adds, whether a container uses it ({@code inUse}) or a tagged image holds it too
 * ({@code shared}). Times are RFC 3339 strings as on the wire; {@code lastUsedAt} is empty when the
 * daemon sent null (never used), as docker's {@code *time.Time}. {@code parent} is the field API
 * 1.42 deprecated in favour of {@code parents}.
 */
public record BuildCacheRecord(
    @JsonProperty("ID") String id, String parent, List<String> parents, String type, String description,
    boolean inUse, boolean shared, long size, String createdAt, String lastUsedAt, long usageCount) {
  /** Go's zero {@code time.Time}, what an absent or unreadable {@code CreatedAt} decodes to. */
  public static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  public BuildCacheRecord {
    id = Zero.str(id);
    parent = Zero.str(parent);
    parents = Zero.list(parents);
    type = Zero.str(type);
    description = Zero.str(description);
    createdAt = Zero.str(createdAt);
    lastUsedAt = Zero.str(lastUsedAt);
  }

  public static BuildCacheRecord fromJson(JsonFields f) {
    return new BuildCacheRecord(f.string("ID"), f.string("Parent"), f.strings("Parents"), f.string("Type"),
        f.string("Description"), f.bool("InUse"), f.bool("Shared"), f.longValue("Size"), f.string("CreatedAt"),
        f.string("LastUsedAt"), f.longValue("UsageCount"));
  }

  /** {@code createdAt} as an instant (Go's zero time when absent). */
  public Instant created() {
    return instant(createdAt).orElse(GO_ZERO_TIME);
  }

  /** {@code lastUsedAt} as an instant; empty when the record was never used. */
  public Optional<Instant> lastUsed() {
    return instant(lastUsedAt);
  }

  private static Optional<Instant> instant(String rfc3339) {
    if (rfc3339.isEmpty()) return Optional.empty();
    try {
      return Optional.of(OffsetDateTime.parse(rfc3339).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
