package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.Map;
import java.util.Optional;

/**
 * A volume as {@code GET /volumes} and {@code GET /volumes/{name}} describe it (swagger
 * {@code Volume}): the fields berth's CLI shows. {@code createdAt} is the daemon's RFC 3339 text;
 * {@code usageData} is present only where the daemon computed it ({@code system df}), as docker's
 * columns tell "N/A" otherwise.
 */
public record Volume(String name, String driver, String mountpoint, String createdAt, String scope,
    Map<String, String> labels, Map<String, String> options, Optional<UsageData> usageData) {
  public Volume {
    name = Zero.str(name);
    driver = Zero.str(driver);
    mountpoint = Zero.str(mountpoint);
    createdAt = Zero.str(createdAt);
    scope = Zero.str(scope);
    labels = Zero.map(labels);
    options = Zero.map(options);
    usageData = usageData == null ? Optional.empty() : usageData;
  }

  /** {@code UsageData}: the bytes the volume uses (-1 when not computed) and how many containers refer to it. */
  public record UsageData(long size, long refCount) {
    static UsageData fromJson(JsonFields f) {
      return new UsageData(f.longValue("Size"), f.longValue("RefCount"));
    }
  }

  public static Volume fromJson(JsonFields f) {
    return new Volume(f.string("Name"), f.string("Driver"), f.string("Mountpoint"), f.string("CreatedAt"),
        f.string("Scope"), f.stringMap("Labels"), f.stringMap("Options"),
        f.has("UsageData") ? Optional.of(UsageData.fromJson(f.object("UsageData"))) : Optional.empty());
  }
}
