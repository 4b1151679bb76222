package io.berth.engine.volume;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A volume.
 *
 * @param anonymous  made for a container without a name ({@code -v /data}, image {@code VOLUME}): only
 *                   those are pruned without {@code all=true} (API 1.42+)
 * @param options    the driver options ({@code type}, {@code device}, {@code o} of the local driver)
 * @param mountpoint the volume's data directory, {@code <data-root>/volumes/<name>/_data}
 */
public record Volume(String name, String driver, Instant created, boolean anonymous, Map<String, String> labels,
    Map<String, String> options, Path mountpoint) {
  /** Docker marks anonymous volumes with this label (since 23.0), so clients can tell them apart. */
  public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";

  public Volume {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    options = options == null ? Map.of() : Map.copyOf(options);
  }
}
