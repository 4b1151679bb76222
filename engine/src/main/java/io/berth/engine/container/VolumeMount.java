package io.berth.engine.container;

import java.util.Map;

/**
 * A volume asked for by a create request: {@code -v name:/path[:mode]} ({@code HostConfig.Binds}),
 * {@code --mount type=volume,...} ({@code HostConfig.Mounts}), or an anonymous one ({@code -v /path},
 * {@code Config.Volumes}, the image's {@code VOLUME}).
 *
 * @param name          the volume's name; empty for an anonymous volume (a random name is made)
 * @param mode          the mode text of a {@code -v} spec as given ({@code "ro"}, {@code "nocopy"});
 *                      empty otherwise
 * @param noCopy        {@code nocopy} / {@code volume-nocopy}: the image's content is not copied in
 * @param driver        the driver to create a missing volume with ({@code local} when empty)
 * @param driverOptions options for a missing volume's creation ({@code VolumeOptions.DriverConfig})
 * @param labels        labels for a missing volume's creation ({@code VolumeOptions.Labels})
 * @param fromMounts    given in {@code HostConfig.Mounts} (shown back there by inspect)
 */
public record VolumeMount(String name, String destination, boolean readOnly, String mode, boolean noCopy,
    String driver, Map<String, String> driverOptions, Map<String, String> labels, boolean fromMounts)
    implements MountRequest {
  public VolumeMount {
    name = name == null ? "" : name;
    mode = mode == null ? "" : mode;
    driver = driver == null ? "" : driver;
    driverOptions = driverOptions == null ? Map.of() : Map.copyOf(driverOptions);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** An anonymous volume at {@code destination} ({@code Config.Volumes}, image {@code VOLUME}). */
  public static VolumeMount anonymous(String destination) {
    return new VolumeMount("", destination, false, "", false, "", Map.of(), Map.of(), false);
  }

  public boolean anonymous() { return name.isEmpty(); }

  /** moby's checks of a volume mount's target (and of a read-only anonymous one); null when fine. */
  static String problem(String name, String target, boolean readOnly) {
    String t = targetProblem(target);
    if (t != null) return t;
    if (name.isEmpty() && readOnly) return "must not set ReadOnly mode when using anonymous volumes";
    return null;
  }

  /** The target checks every mount type shares. */
  public static String targetProblem(String target) {
    if (target.isEmpty()) return "field Target must not be empty";
    if (BindMount.clean(target).equals("/")) return "invalid specification: destination can't be '/'";
    if (!target.startsWith("/")) return "invalid mount path: '" + target + "' mount path must be absolute";
    return null;
  }
}
