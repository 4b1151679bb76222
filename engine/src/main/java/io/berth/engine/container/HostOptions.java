package io.berth.engine.container;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The host-side options of a container (the part of Docker's {@code HostConfig} that is not about
 * resources): restart policy, privileges and security options, the init process, the log
 * configuration, bind mounts and published ports. Values are as validated at create time.
 *
 * @param capAdd     capability names as the user gave them ({@code ALL}, with or without {@code CAP_})
 * @param securityOpt Docker's {@code --security-opt} strings ({@code no-new-privileges},
 *                   {@code seccomp=unconfined}, {@code seccomp=<profile JSON>} after the CLI read it)
 * @param init       {@code --init}: empty means the daemon's default (off)
 * @param binds      {@code HostConfig.Binds} as given (each parses with {@link BindMount#parseBind})
 * @param mounts     {@code HostConfig.Mounts} of type bind
 * @param ports      exposed and published ports ({@code Config.ExposedPorts} is kept here too: it
 *                   only matters together with the bindings)
 * @param networkMode Docker's {@code NetworkMode}: empty/{@code default}/{@code bridge}, {@code host},
 *                   {@code none}, {@code container:<ref>}, or a user-defined network's name or ID
 * @param network    the networks to join and DNS/hosts options (see {@link NetworkOptions})
 * @param storage    volumes, tmpfs mounts, {@code --volumes-from} and the resolved mount points
 */
public record HostOptions(
    RestartPolicy restartPolicy,
    boolean privileged,
    List<String> capAdd,
    List<String> capDrop,
    List<String> securityOpt,
    boolean readonlyRootfs,
    List<String> groupAdd,
    Map<String, String> sysctls,
    Optional<Boolean> init,
    LogConfig logConfig,
    List<String> binds,
    List<BindMount> mounts,
    PortConfig ports,
    String networkMode,
    NetworkOptions network,
    StorageOptions storage) {

  /** Without storage options. */
  public HostOptions(RestartPolicy restartPolicy, boolean privileged, List<String> capAdd, List<String> capDrop,
      List<String> securityOpt, boolean readonlyRootfs, List<String> groupAdd, Map<String, String> sysctls,
      Optional<Boolean> init, LogConfig logConfig, List<String> binds, List<BindMount> mounts, PortConfig ports,
      String networkMode, NetworkOptions network) {
    this(restartPolicy, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, groupAdd, sysctls, init, logConfig,
        binds, mounts, ports, networkMode, network, StorageOptions.NONE);
  }

  /** Without network options. */
  public HostOptions(RestartPolicy restartPolicy, boolean privileged, List<String> capAdd, List<String> capDrop,
      List<String> securityOpt, boolean readonlyRootfs, List<String> groupAdd, Map<String, String> sysctls,
      Optional<Boolean> init, LogConfig logConfig, List<String> binds, List<BindMount> mounts, PortConfig ports,
      String networkMode) {
    this(restartPolicy, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, groupAdd, sysctls, init, logConfig,
        binds, mounts, ports, networkMode, NetworkOptions.NONE);
  }

  /** Without a network mode (the daemon's default). */
  public HostOptions(RestartPolicy restartPolicy, boolean privileged, List<String> capAdd, List<String> capDrop,
      List<String> securityOpt, boolean readonlyRootfs, List<String> groupAdd, Map<String, String> sysctls,
      Optional<Boolean> init, LogConfig logConfig, List<String> binds, List<BindMount> mounts, PortConfig ports) {
    this(restartPolicy, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, groupAdd, sysctls, init, logConfig,
        binds, mounts, ports, "");
  }

  public HostOptions {
    restartPolicy = Objects.requireNonNullElse(restartPolicy, RestartPolicy.NO);
    capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
    capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    securityOpt = securityOpt == null ? List.of() : List.copyOf(securityOpt);
    groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd);
    sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
    init = init == null ? Optional.empty() : init;
    logConfig = Objects.requireNonNullElse(logConfig, LogConfig.DEFAULT);
    binds = binds == null ? List.of() : List.copyOf(binds);
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
    ports = Objects.requireNonNullElse(ports, PortConfig.NONE);
    networkMode = Objects.requireNonNullElse(networkMode, "");
    network = Objects.requireNonNullElse(network, NetworkOptions.NONE);
    storage = Objects.requireNonNullElse(storage, StorageOptions.NONE);
  }

  /** A copy with {@code b} in place of {@link #binds()}. */
  public HostOptions withBinds(List<String> b) {
    return new HostOptions(restartPolicy, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, groupAdd, sysctls,
        init, logConfig, b, mounts, ports, networkMode, network, storage);
  }

  /** A copy with {@code s} in place of {@link #storage()}. */
  public HostOptions withStorage(StorageOptions s) {
    return new HostOptions(restartPolicy, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, groupAdd, sysctls,
        init, logConfig, binds, mounts, ports, networkMode, network, s);
  }

  /** A copy with {@code n} in place of {@link #network()}. */
  public HostOptions withNetwork(NetworkOptions n) {
    return new HostOptions(restartPolicy, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, groupAdd, sysctls,
        init, logConfig, binds, mounts, ports, networkMode, n, storage);
  }

  /**
   * The network mode with Docker's default applied: {@code bridge} for an empty or {@code default}
   * mode; otherwise {@code host}, {@code none}, {@code container:<ref>} or a network's name or ID.
   */
  public String effectiveNetworkMode() {
    return networkMode.isEmpty() || networkMode.equals("default") ? "bridge" : networkMode;
  }

  /** The container named by a {@code container:<ref>} network mode. */
  public Optional<String> networkContainer() {
    return networkMode.startsWith("container:") ? Optional.of(networkMode.substring("container:".length()))
        : Optional.empty();
  }

  /** True when the container shares the host's network namespace. */
  public boolean hostNetwork() { return networkMode.equals("host"); }

  /** A copy with {@code mode} in place of {@link #networkMode()}. */
  public HostOptions withNetworkMode(String mode) {
    return new HostOptions(restartPolicy, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, groupAdd, sysctls,
        init, logConfig, binds, mounts, ports, mode, network, storage);
  }

  /** A copy with {@code more} bind mounts added to {@link #mounts()}. */
  public HostOptions withMounts(List<BindMount> more) {
    var all = new java.util.ArrayList<>(mounts);
    all.addAll(more);
    return new HostOptions(restartPolicy, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, groupAdd, sysctls,
        init, logConfig, binds, all, ports, networkMode, network, storage);
  }

  public static HostOptions defaults() {
    return new HostOptions(RestartPolicy.NO, false, List.of(), List.of(), List.of(), false, List.of(), Map.of(),
        Optional.empty(), LogConfig.DEFAULT, List.of(), List.of(), PortConfig.NONE);
  }

  /** A copy with {@code policy} in place of {@link #restartPolicy()}. */
  public HostOptions withRestartPolicy(RestartPolicy policy) {
    return new HostOptions(policy, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, groupAdd, sysctls,
        init, logConfig, binds, mounts, ports, networkMode, network, storage);
  }

  /** A copy with {@code ports} in place of {@link #ports()}. */
  public HostOptions withPorts(PortConfig p) {
    return new HostOptions(restartPolicy, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, groupAdd, sysctls,
        init, logConfig, binds, mounts, p, networkMode, network, storage);
  }

  /**
   * What {@code Binds} and {@code Mounts} ask for: the {@code Binds} entries (binds and volumes), then
   * the {@code Mounts} of type bind, volume and tmpfs, then the {@code --tmpfs} entries.
   */
  public List<MountRequest> mountRequests() {
    var all = new java.util.ArrayList<MountRequest>();
    for (String b : binds) all.add(BindMount.parseBind(b));
    all.addAll(mounts);
    all.addAll(storage.volumeMounts());
    all.addAll(storage.tmpfs());
    return List.copyOf(all);
  }

  /** True when {@code --init} was asked for. */
  public boolean initEnabled() { return init.orElse(false); }

  /**
   * Docker's restart policy: {@code no}, {@code always}, {@code unless-stopped} or
   * {@code on-failure} with an optional retry limit (0: unlimited).
   */
  public record RestartPolicy(String name, int maximumRetryCount) {
    public static final RestartPolicy NO = new RestartPolicy("no", 0);

    public RestartPolicy {
      name = name == null || name.isEmpty() ? "no" : name;
    }

    public boolean isNone() { return name.equals("no"); }
  }

  /**
   * The log driver and its options ({@code max-size}, {@code max-file}); {@code type} is
   * {@code k8s-file} (written by conmon) or {@code none}. An empty config means the daemon's defaults.
   */
  public record LogConfig(String type, Map<String, String> config) {
    public static final LogConfig DEFAULT = new LogConfig("k8s-file", Map.of());

    public LogConfig {
      type = type == null || type.isEmpty() ? "k8s-file" : type;
      config = config == null ? Map.of() : Map.copyOf(config);
    }
  }
}
