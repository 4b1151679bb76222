package io.berth.compose.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service, normalised: long syntaxes everywhere, {@code environment} with {@code env_file}s
 * applied (a variable without a value takes the shell's, or is left out), paths absolute.
 *
 * @param scale       replicas: {@code scale}, else {@code deploy.replicas}, else 1
 * @param restart     Docker's restart policy text ({@code no}, {@code always}, {@code on-failure[:n]},
 *                    {@code unless-stopped})
 * @param pullPolicy  {@code always}, {@code never}, {@code missing} (default), {@code build}
 */
public record Service(
    String name,
    Optional<String> image,
    Optional<Build> build,
    Optional<List<String>> command,
    Optional<List<String>> entrypoint,
    Map<String, String> environment,
    List<Port> ports,
    List<String> expose,
    List<ServiceVolume> volumes,
    List<String> volumesFrom,
    Map<String, ServiceNetwork> networks,
    Optional<String> networkMode,
    Map<String, Dependency> dependsOn,
    Optional<Healthcheck> healthcheck,
    String restart,
    int scale,
    Resources resources,
    Map<String, String> labels,
    Optional<String> user,
    Optional<String> workingDir,
    Optional<String> hostname,
    Optional<String> domainname,
    Optional<String> stopSignal,
    Optional<Duration> stopGracePeriod,
    boolean tty,
    boolean stdinOpen,
    Optional<Boolean> init,
    boolean readOnly,
    boolean privileged,
    List<String> tmpfs,
    Map<String, Ulimit> ulimits,
    List<String> capAdd,
    List<String> capDrop,
    List<String> extraHosts,
    List<String> dns,
    List<String> dnsSearch,
    List<String> securityOpt,
    Map<String, String> sysctls,
    Optional<String> containerName,
    String pullPolicy,
    List<String> profiles,
    List<FileRef> secrets,
    List<FileRef> configs,
    Optional<String> platform,
    Optional<Logging> logging) {

  public Service {
    environment = Models.ordered(environment);
    ports = List.copyOf(ports);
    expose = List.copyOf(expose);
    volumes = List.copyOf(volumes);
    volumesFrom = List.copyOf(volumesFrom);
    networks = Models.ordered(networks);
    dependsOn = Models.ordered(dependsOn);
    labels = Models.ordered(labels);
    tmpfs = List.copyOf(tmpfs);
    ulimits = Models.ordered(ulimits);
    capAdd = List.copyOf(capAdd);
    capDrop = List.copyOf(capDrop);
    extraHosts = List.copyOf(extraHosts);
    dns = List.copyOf(dns);
    dnsSearch = List.copyOf(dnsSearch);
    securityOpt = List.copyOf(securityOpt);
    sysctls = Models.ordered(sysctls);
    profiles = List.copyOf(profiles);
    secrets = List.copyOf(secrets);
    configs = List.copyOf(configs);
  }

  /** {@code build}: the context is an absolute directory; {@code dockerfile} relative to it unless absolute. */
  public record Build(Path context, String dockerfile, Map<String, String> args, Optional<String> target,
      Map<String, String> labels, List<String> cacheFrom, Optional<String> network, List<String> extraHosts,
      Optional<Long> shmSize) {
    public Build {
      args = Models.ordered(args);
      labels = Models.ordered(labels);
      cacheFrom = List.copyOf(cacheFrom);
      extraHosts = List.copyOf(extraHosts);
    }
  }

  /**
   * A port in long syntax. {@code published} is empty for an ephemeral host port, a number or a range
   * ({@code 8000-8010}); {@code target} may be a range for the short syntax's {@code 80-82}.
   */
  public record Port(String target, Optional<String> published, Optional<String> hostIp, String protocol) {}

  /**
   * A volume in long syntax. {@code type} is {@code volume} (source: a top-level volume's key, or empty
   * for an anonymous one), {@code bind} (source: an absolute host path) or {@code tmpfs}.
   */
  public record ServiceVolume(String type, Optional<String> source, String target, boolean readOnly,
      boolean noCopy, boolean createHostPath, Optional<String> propagation, Optional<Long> tmpfsSize,
      Optional<Integer> tmpfsMode) {}

  /** A network the service joins (by top-level key) and what it asks there. */
  public record ServiceNetwork(List<String> aliases, Optional<String> ipv4Address, Optional<Integer> priority) {
    public ServiceNetwork {
      aliases = List.copyOf(aliases);
    }
  }

  /**
   * A {@code depends_on} entry: {@code condition} is {@code service_started},
   * {@code service_healthy} or {@code service_completed_successfully}.
   */
  public record Dependency(String condition, boolean restart, boolean required) {}

  /** A healthcheck; {@code test} in Docker's form ({@code ["CMD-SHELL", "..."]}, {@code ["NONE"]} for disable). */
  public record Healthcheck(List<String> test, Optional<Duration> interval, Optional<Duration> timeout,
      Optional<Integer> retries, Optional<Duration> startPeriod, Optional<Duration> startInterval) {}

  /** {@code deploy.resources.limits} and {@code reservations}, plus the legacy top-level keys. */
  public record Resources(Optional<Double> cpus, Optional<Long> memory, Optional<Long> memoryReservation,
      Optional<Long> pids, Optional<Long> shmSize) {
    public static final Resources NONE = new Resources(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  public record Ulimit(long soft, long hard) {}

  /** A secret or config a service mounts ({@code /run/secrets/<target>} by default for secrets). */
  public record FileRef(String source, String target, Optional<String> uid, Optional<String> gid,
      Optional<Integer> mode) {}

  public record Logging(String driver, Map<String, String> options) {
    public Logging {
      options = Models.ordered(options);
    }
  }
}
