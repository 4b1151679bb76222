package io.berth.engine.container;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The host-side options of a container (the part of Docker's {@code HostConfig} that is not about
 * resources, networks or volumes): restart policy, privileges and security options, the init
 * process and the log configuration. Values are as validated at create time.
 *
 * @param capAdd     capability names as the user gave them ({@code ALL}, with or without {@code CAP_})
 * @param securityOpt Docker's {@code --security-opt} strings ({@code no-new-privileges},
 *                   {@code seccomp=unconfined}, {@code seccomp=<profile JSON>} after the CLI read it)
 * @param init       {@code --init}: empty means the daemon's default (off)
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
    LogConfig logConfig) {

  public HostOptions {
    restartPolicy = Objects.requireNonNullElse(restartPolicy, RestartPolicy.NO);
    capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
    capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    securityOpt = securityOpt == null ? List.of() : List.copyOf(securityOpt);
    groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd);
    sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
    init = init == null ? Optional.empty() : init;
    logConfig = Objects.requireNonNullElse(logConfig, LogConfig.DEFAULT);
  }

  public static HostOptions defaults() {
    return new HostOptions(RestartPolicy.NO, false, List.of(), List.of(), List.of(), false, List.of(), Map.of(),
        Optional.empty(), LogConfig.DEFAULT);
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
