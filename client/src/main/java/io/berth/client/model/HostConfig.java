package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.berth.client.json.JsonFields;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host-specific part of a container's configuration; the subset berth's CLI sets or reads. The
 * resource limits ({@link Resources}) are flat fields of the wire object, as in the swagger.
 */
public record HostConfig(
    List<String> binds, String networkMode, RestartPolicy restartPolicy, boolean autoRemove,
    boolean privileged, boolean readonlyRootfs, List<String> dns, List<String> extraHosts,
    Optional<Boolean> init, Map<String, List<PortBinding>> portBindings, boolean publishAllPorts,
    Optional<List<String>> capAdd, Optional<List<String>> capDrop,
    Optional<List<String>> securityOpt, Optional<List<String>> groupAdd, Optional<Map<String, String>> sysctls,
    Optional<LogConfig> logConfig, @JsonUnwrapped Resources resources, @JsonUnwrapped DnsSettings dnsSettings,
    @JsonUnwrapped MountSettings mountSettings) {
  /**
   * {@code DnsOptions} and {@code DnsSearch} ({@code --dns-option}, {@code --dns-search}): written
   * only when set, flat in {@code HostConfig} like the resource limits.
   */
  public record DnsSettings(Optional<List<String>> dnsOptions, Optional<List<String>> dnsSearch) {
    public static final DnsSettings NONE = new DnsSettings(Optional.empty(), Optional.empty());

    public DnsSettings {
      dnsOptions = dnsOptions == null ? Optional.empty() : dnsOptions.filter(l -> !l.isEmpty()).map(List::copyOf);
      dnsSearch = dnsSearch == null ? Optional.empty() : dnsSearch.filter(l -> !l.isEmpty()).map(List::copyOf);
    }

    static DnsSettings fromJson(JsonFields f) {
      return new DnsSettings(Optional.of(f.strings("DnsOptions")), Optional.of(f.strings("DnsSearch")));
    }

    Wire.Obj fields(Wire.Obj o) {
      return o.putIfPresent("DnsOptions", dnsOptions).putIfPresent("DnsSearch", dnsSearch);
    }
  }

  /**
   * {@code VolumesFrom}, {@code Tmpfs} and {@code Mounts} ({@code --volumes-from}, {@code --tmpfs},
   * {@code --mount}): written only when set, flat in {@code HostConfig} like the DNS settings.
   */
  public record MountSettings(Optional<List<String>> volumesFrom, Optional<Map<String, String>> tmpfs,
      Optional<List<Mount>> mounts) {
    public static final MountSettings NONE = new MountSettings(List.of(), Map.of(), List.of());

    public MountSettings {
      volumesFrom = volumesFrom == null ? Optional.empty() : volumesFrom.filter(l -> !l.isEmpty()).map(List::copyOf);
      tmpfs = tmpfs == null ? Optional.empty() : tmpfs.filter(m -> !m.isEmpty()).map(java.util.Collections::unmodifiableMap);
      mounts = mounts == null ? Optional.empty() : mounts.filter(l -> !l.isEmpty()).map(List::copyOf);
    }

    /** From plain values; an empty one is left unset. */
    public MountSettings(List<String> volumesFrom, Map<String, String> tmpfs, List<Mount> mounts) {
      this(Optional.ofNullable(volumesFrom), Optional.ofNullable(tmpfs).map(java.util.LinkedHashMap::new), Optional.ofNullable(mounts));
    }

    static MountSettings fromJson(JsonFields f) {
      return new MountSettings(f.strings("VolumesFrom"), f.stringMap("Tmpfs"), f.objects("Mounts", Mount::fromJson));
    }

    Wire.Obj fields(Wire.Obj o) {
      return o.putIfPresent("VolumesFrom", volumesFrom).putIfPresent("Tmpfs", tmpfs.map(Wire::sorted))
          .putIfPresent("Mounts", mounts.map(l -> l.stream().map(Mount::toJson).toList()));
    }
  }

  /** Without volumes-from, tmpfs and mounts (see {@link #withMountSettings}). */
  public HostConfig(List<String> binds, String networkMode, RestartPolicy restartPolicy, boolean autoRemove,
      boolean privileged, boolean readonlyRootfs, List<String> dns, List<String> extraHosts,
      Optional<Boolean> init, Map<String, List<PortBinding>> portBindings, boolean publishAllPorts,
      Optional<List<String>> capAdd, Optional<List<String>> capDrop,
      Optional<List<String>> securityOpt, Optional<List<String>> groupAdd, Optional<Map<String, String>> sysctls,
      Optional<LogConfig> logConfig, Resources resources, DnsSettings dnsSettings) {
    this(binds, networkMode, restartPolicy, autoRemove, privileged, readonlyRootfs, dns, extraHosts, init, portBindings,
        publishAllPorts, capAdd, capDrop, securityOpt, groupAdd, sysctls, logConfig, resources, dnsSettings, null);
  }

  /** Without DNS options and search domains (see {@link #withDnsSettings}). */
  public HostConfig(List<String> binds, String networkMode, RestartPolicy restartPolicy, boolean autoRemove,
      boolean privileged, boolean readonlyRootfs, List<String> dns, List<String> extraHosts,
      Optional<Boolean> init, Map<String, List<PortBinding>> portBindings, boolean publishAllPorts,
      Optional<List<String>> capAdd, Optional<List<String>> capDrop,
      Optional<List<String>> securityOpt, Optional<List<String>> groupAdd, Optional<Map<String, String>> sysctls,
      Optional<LogConfig> logConfig, Resources resources) {
    this(binds, networkMode, restartPolicy, autoRemove, privileged, readonlyRootfs, dns, extraHosts, init, portBindings,
        publishAllPorts, capAdd, capDrop, securityOpt, groupAdd, sysctls, logConfig, resources, null);
  }

  public HostConfig {
    binds = Zero.list(binds);
    networkMode = Zero.str(networkMode);
    restartPolicy = restartPolicy == null ? new RestartPolicy("", 0) : restartPolicy;
    dns = Zero.list(dns);
    extraHosts = Zero.list(extraHosts);
    init = init == null ? Optional.empty() : init;
    portBindings = Zero.map(portBindings);
    capAdd = capAdd == null ? Optional.empty() : capAdd.map(List::copyOf);
    capDrop = capDrop == null ? Optional.empty() : capDrop.map(List::copyOf);
    securityOpt = securityOpt == null ? Optional.empty() : securityOpt.map(List::copyOf);
    groupAdd = groupAdd == null ? Optional.empty() : groupAdd.map(List::copyOf);
    sysctls = sysctls == null ? Optional.empty() : sysctls.map(Map::copyOf);
    logConfig = logConfig == null ? Optional.empty() : logConfig;
    resources = resources == null ? Resources.NONE : resources;
    dnsSettings = dnsSettings == null ? DnsSettings.NONE : dnsSettings;
    mountSettings = mountSettings == null ? MountSettings.NONE : mountSettings;
  }

  /** Without resource limits (see {@link #withResources}). */
  public HostConfig(List<String> binds, String networkMode, RestartPolicy restartPolicy, boolean autoRemove,
      boolean privileged, boolean readonlyRootfs, List<String> dns, List<String> extraHosts,
      Optional<Boolean> init, Map<String, List<PortBinding>> portBindings, boolean publishAllPorts,
      Optional<List<String>> capAdd, Optional<List<String>> capDrop,
      Optional<List<String>> securityOpt, Optional<List<String>> groupAdd, Optional<Map<String, String>> sysctls,
      Optional<LogConfig> logConfig) {
    this(binds, networkMode, restartPolicy, autoRemove, privileged, readonlyRootfs, dns, extraHosts, init, portBindings,
        publishAllPorts, capAdd, capDrop, securityOpt, groupAdd, sysctls, logConfig, null);
  }

  /** Without ports and security options (those are left unset). */
  public HostConfig(List<String> binds, String networkMode, RestartPolicy restartPolicy, boolean autoRemove,
      boolean privileged, boolean readonlyRootfs, List<String> dns, List<String> extraHosts, Optional<Boolean> init) {
    this(binds, networkMode, restartPolicy, autoRemove, privileged, readonlyRootfs, dns, extraHosts, init, null, false);
  }

  /** Without the security options (left unset; see {@link #withSecurity}). */
  public HostConfig(List<String> binds, String networkMode, RestartPolicy restartPolicy, boolean autoRemove,
      boolean privileged, boolean readonlyRootfs, List<String> dns, List<String> extraHosts, Optional<Boolean> init,
      Map<String, List<PortBinding>> portBindings, boolean publishAllPorts) {
    this(binds, networkMode, restartPolicy, autoRemove, privileged, readonlyRootfs, dns, extraHosts, init,
        portBindings, publishAllPorts, null, null, null, null, null, null);
  }

  public static HostConfig empty() {
    return new HostConfig(null, null, null, false, false, false, null, null, null, null, false);
  }

  public HostConfig withAutoRemove(boolean remove) {
    return new HostConfig(binds, networkMode, restartPolicy, remove, privileged, readonlyRootfs, dns, extraHosts, init,
        portBindings, publishAllPorts, capAdd, capDrop, securityOpt, groupAdd, sysctls, logConfig, resources, dnsSettings, mountSettings);
  }

  /** This config with the resource limits of {@code run}/{@code create} ({@link Resources#NONE}: none). */
  public HostConfig withResources(Resources limits) {
    return new HostConfig(binds, networkMode, restartPolicy, autoRemove, privileged, readonlyRootfs, dns, extraHosts, init,
        portBindings, publishAllPorts, capAdd, capDrop, securityOpt, groupAdd, sysctls, logConfig, limits, dnsSettings, mountSettings);
  }

  /** This config with {@code --log-driver}/{@code --log-opt} (empty: the daemon's defaults). */
  public HostConfig withLogConfig(Optional<LogConfig> log) {
    return new HostConfig(binds, networkMode, restartPolicy, autoRemove, privileged, readonlyRootfs, dns, extraHosts, init,
        portBindings, publishAllPorts, capAdd, capDrop, securityOpt, groupAdd, sysctls, log, resources, dnsSettings, mountSettings);
  }

  /** This config with the security options set (an empty list or map leaves one unset). */
  public HostConfig withSecurity(List<String> capAdd, List<String> capDrop, List<String> securityOpt,
      List<String> groupAdd, Map<String, String> sysctls) {
    return new HostConfig(binds, networkMode, restartPolicy, autoRemove, privileged, readonlyRootfs, dns, extraHosts, init,
        portBindings, publishAllPorts, nonEmpty(capAdd), nonEmpty(capDrop), nonEmpty(securityOpt), nonEmpty(groupAdd),
        sysctls.isEmpty() ? Optional.empty() : Optional.of(sysctls), logConfig, resources, dnsSettings, mountSettings);
  }

  /** This config with {@code --dns-option}/{@code --dns-search} (empty lists: unset). */
  public HostConfig withDnsSettings(List<String> dnsOptions, List<String> dnsSearch) {
    return new HostConfig(binds, networkMode, restartPolicy, autoRemove, privileged, readonlyRootfs, dns, extraHosts, init,
        portBindings, publishAllPorts, capAdd, capDrop, securityOpt, groupAdd, sysctls, logConfig, resources,
        new DnsSettings(Optional.of(dnsOptions), Optional.of(dnsSearch)), mountSettings);
  }

  /** This config with {@code --volumes-from}, {@code --tmpfs} and {@code --mount} (empty: unset). */
  public HostConfig withMountSettings(MountSettings mounts) {
    return new HostConfig(binds, networkMode, restartPolicy, autoRemove, privileged, readonlyRootfs, dns, extraHosts, init,
        portBindings, publishAllPorts, capAdd, capDrop, securityOpt, groupAdd, sysctls, logConfig, resources, dnsSettings, mounts);
  }

  private static Optional<List<String>> nonEmpty(List<String> l) {
    return l.isEmpty() ? Optional.empty() : Optional.of(l);
  }

  public static HostConfig fromJson(JsonFields f) {
    return new HostConfig(f.strings("Binds"), f.string("NetworkMode"), RestartPolicy.fromJson(f.object("RestartPolicy")),
        f.bool("AutoRemove"), f.bool("Privileged"), f.bool("ReadonlyRootfs"), f.strings("Dns"), f.strings("ExtraHosts"),
        f.optBool("Init"), PortBinding.mapFromTree(f.objectMap("PortBindings")), f.bool("PublishAllPorts"),
        optStrings(f, "CapAdd"), optStrings(f, "CapDrop"), optStrings(f, "SecurityOpt"),
        optStrings(f, "GroupAdd"), f.has("Sysctls") ? Optional.of(f.stringMap("Sysctls")) : Optional.empty(),
        f.has("LogConfig") ? Optional.of(LogConfig.fromJson(f.object("LogConfig"))) : Optional.empty(),
        Resources.fromJson(f), DnsSettings.fromJson(f), MountSettings.fromJson(f));
  }

  private static Optional<List<String>> optStrings(JsonFields f, String key) {
    return f.has(key) ? Optional.of(f.strings(key)) : Optional.empty();
  }

  /** The wire form; unset optional fields are omitted. */
  public Map<String, Object> toJson() {
    Wire.Obj o = Wire.obj().put("Binds", binds).put("NetworkMode", networkMode).put("RestartPolicy", restartPolicy.toJson())
        .put("AutoRemove", autoRemove).put("Privileged", privileged).put("ReadonlyRootfs", readonlyRootfs)
        .put("Dns", dns).put("ExtraHosts", extraHosts).putIfPresent("Init", init)
        .putSorted("PortBindings", portBindingsTree()).put("PublishAllPorts", publishAllPorts)
        .putIfPresent("CapAdd", capAdd).putIfPresent("CapDrop", capDrop).putIfPresent("SecurityOpt", securityOpt)
        .putIfPresent("GroupAdd", groupAdd).putIfPresent("Sysctls", sysctls.map(Wire::sorted))
        .putIfPresent("LogConfig", logConfig.map(LogConfig::toJson));
    return mountSettings.fields(dnsSettings.fields(resources.fields(o))).build();
  }

  private Map<String, Object> portBindingsTree() {
    var out = new java.util.LinkedHashMap<String, Object>();
    portBindings.forEach((k, v) -> out.put(k, v.stream().map(PortBinding::toJson).toList()));
    return out;
  }
}
