package io.berth.engine.container;

import io.berth.oci.errors.BerthException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a create request and its image make a container's config (moby's {@code merge(userConf,
 * imageConf)}), and the new container's ID, name and default hostname.
 */
final class ConfigMerge {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ConfigMerge() {}

  static String validName(String name) {
    String n = name.startsWith("/") ? name.substring(1) : name;
    if (!n.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
      throw BerthException.invalid("Invalid container name (%s), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", name);
    }
    return n;
  }

  static ContainerConfig withHostname(ContainerConfig c, String id) {
    if (!c.hostname().isEmpty()) return c;
    return new ContainerConfig(c.image(), c.entrypoint(), c.cmd(), c.env(), c.workingDir(), c.user(),
        id.substring(0, 12), c.domainname(), c.labels(), c.tty(), c.openStdin(), c.stdinOnce(),
        c.attachStdin(), c.attachStdout(), c.attachStderr(), c.stopSignal(), c.stopTimeout(), c.autoRemove(),
        c.host(), c.healthcheck(), c.resources());
  }

  /**
   * Docker's merge (moby's {@code merge(userConf, imageConf)}): without a request Entrypoint the
   * image's Cmd fills an empty request Cmd, and the image's Entrypoint applies unless the request
   * sent one (an empty list clears it); a request Entrypoint drops the image's Cmd.
   */
  static ContainerConfig merge(CreateSpec s, ImageDefaults img) {
    List<String> userEntrypoint = s.entrypoint().orElse(List.of());
    List<String> userCmd = s.cmd().orElse(List.of());
    List<String> entrypoint;
    List<String> cmd;
    if (userEntrypoint.isEmpty()) {
      cmd = userCmd.isEmpty() ? img.cmd() : userCmd;
      entrypoint = s.entrypoint().isPresent() ? List.of() : img.entrypoint();
    } else {
      cmd = userCmd;
      entrypoint = dropEmpty(userEntrypoint);
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (String e : img.env()) env.put(e.split("=", 2)[0], e);
    for (String e : s.env()) env.put(e.split("=", 2)[0], e);
    Map<String, String> labels = new LinkedHashMap<>(img.labels());
    labels.putAll(s.labels());
    return new ContainerConfig(s.image(), entrypoint, cmd, List.copyOf(env.values()),
        s.workingDir().orElse(img.workingDir()), s.user().orElse(img.user()), s.hostname().orElse(""),
        s.domainname(), labels, s.tty(), s.openStdin(), s.stdinOnce(), s.attachStdin(), s.attachStdout(),
        s.attachStderr(), s.stopSignal().or(img::stopSignal), s.stopTimeout(), s.autoRemove(),
        withImageVolumes(s.host().withPorts(s.host().ports().withExposed(img.exposedPorts())), img.volumes()),
        healthcheck(s.healthcheck(), img.healthcheck()), s.resources());
  }

  /** Docker's merge: {@code Config.Volumes} is the request's paths and the image's {@code VOLUME}s. */
  private static HostOptions withImageVolumes(HostOptions h, List<String> imageVolumes) {
    if (imageVolumes.isEmpty()) return h;
    var all = new java.util.LinkedHashSet<>(h.storage().configVolumes());
    all.addAll(imageVolumes);
    StorageOptions st = h.storage();
    return h.withStorage(new StorageOptions(st.volumeMounts(), st.tmpfs(), st.volumesFrom(), List.copyOf(all),
        st.volumeDriver(), st.mountPoints()));
  }

  /** Docker's rule: the container's healthcheck fills its gaps from the image's. */
  private static Optional<HealthConfig> healthcheck(Optional<HealthConfig> user, Optional<HealthConfig> image) {
    if (user.isEmpty()) return image;
    return Optional.of(image.map(user.get()::over).orElse(user.get()));
  }

  /** {@code --entrypoint ""} arrives as [""]: it clears the image's entrypoint. */
  private static List<String> dropEmpty(List<String> l) {
    return l.size() == 1 && l.get(0).isEmpty() ? List.of() : l;
  }

  static String newId() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
