package io.berth.engine.api;

import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerHealth;
import io.berth.engine.container.ContainerPaths;
import io.berth.engine.container.ContainerSizes;
import io.berth.engine.container.ContainerState;
import io.berth.engine.container.HealthConfig;
import io.berth.engine.container.HostOptions;
import io.berth.oci.HumanDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Engine API's wire forms of a container: the summary of {@code GET /containers/json} and the
 * inspect document of {@code GET /containers/{id}/json}, with the fields the docker CLI prints.
 */
final class ContainerJson {
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private ContainerJson() {}

  static Map<String, Object> summary(Container c) {
    return summary(c, List.of());
  }

  /** {@code published}: the ports the container has published now. */
  static Map<String, Object> summary(Container c, List<io.berth.engine.network.PortMapping> published) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", c.id());
    m.put("Names", List.of("/" + c.name()));
    m.put("Image", c.config().image());
    m.put("ImageID", c.imageId().toString());
    m.put("Command", String.join(" ", c.config().args()));
    m.put("Created", c.created().getEpochSecond());
    m.put("Ports", PortMountJson.summaryPorts(c, published));
    m.put("Labels", c.config().labels());
    m.put("State", c.state().status().word());
    m.put("Status", status(c.state(), Instant.now()));
    m.put("HostConfig", Docs.obj("NetworkMode", "none"));
    m.put("NetworkSettings", Docs.obj("Networks", Docs.obj()));
    m.put("Mounts", PortMountJson.mountPoints(c.config().host()));
    return m;
  }

  /** Docker's human status: "Up 3 seconds", "Exited (0) 5 minutes ago", "Created". */
  static String status(ContainerState s, Instant now) {
    return switch (s.status()) {
      case RUNNING -> "Up " + HumanDuration.of(Duration.between(s.startedAt().orElse(now), now)) + healthSuffix(s);
      case PAUSED -> "Up " + HumanDuration.of(Duration.between(s.startedAt().orElse(now), now)) + " (Paused)";
      case RESTARTING -> "Restarting (" + s.exitCode() + ") " + HumanDuration.of(Duration.between(s.finishedAt().orElse(now), now)) + " ago";
      case EXITED -> s.finishedAt().isEmpty() ? "Created"
          : "Exited (" + s.exitCode() + ") " + HumanDuration.of(Duration.between(s.finishedAt().get(), now)) + " ago";
      case CREATED -> "Created";
      case REMOVING -> "Removal In Progress";
      case DEAD -> "Dead";
    };
  }

  /** Docker's " (healthy)", " (unhealthy)", " (health: starting)" after "Up ...". */
  private static String healthSuffix(ContainerState s) {
    return s.health().map(h -> h.status() == ContainerHealth.Status.STARTING ? " (health: starting)"
        : " (" + h.status().word() + ")").orElse("");
  }

  /** Docker's {@code State.Health}: status, failing streak and the last results. */
  static Map<String, Object> health(ContainerHealth h) {
    List<Map<String, Object>> log = h.log().stream().map(r -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Start", r.start().toString());
      m.put("End", r.end().toString());
      m.put("ExitCode", r.exitCode());
      m.put("Output", r.output());
      return m;
    }).toList();
    return Docs.obj("Status", h.status().word(), "FailingStreak", h.failingStreak(), "Log", log);
  }

  static Map<String, Object> inspect(Container c, ContainerPaths paths) {
    return inspect(c, paths, List.of());
  }

  /** {@code published}: the ports the container has published now. */
  static Map<String, Object> inspect(Container c, ContainerPaths paths,
      List<io.berth.engine.network.PortMapping> published) {
    ContainerState s = c.state();
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("Status", s.status().word());
    state.put("Running", s.dockerRunning());
    state.put("Paused", s.status() == ContainerState.Status.PAUSED);
    state.put("Restarting", s.status() == ContainerState.Status.RESTARTING);
    state.put("OOMKilled", s.oomKilled());
    state.put("Dead", s.status() == ContainerState.Status.DEAD);
    state.put("Pid", s.pid());
    state.put("ExitCode", s.exitCode());
    state.put("Error", s.error());
    state.put("StartedAt", s.startedAt().map(Instant::toString).orElse(ZERO_TIME));
    state.put("FinishedAt", s.finishedAt().map(Instant::toString).orElse(ZERO_TIME));
    s.health().ifPresent(h -> state.put("Health", health(h)));

    var cfg = c.config();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("Hostname", cfg.hostname());
    config.put("Domainname", cfg.domainname());
    config.put("User", cfg.user());
    config.put("AttachStdin", cfg.attachStdin());
    config.put("AttachStdout", cfg.attachStdout());
    config.put("AttachStderr", cfg.attachStderr());
    var exposed = PortMountJson.exposedPorts(cfg.host().ports());
    if (exposed != null) config.put("ExposedPorts", exposed); // omitempty in Docker's Config
    config.put("Tty", cfg.tty());
    config.put("OpenStdin", cfg.openStdin());
    config.put("StdinOnce", cfg.stdinOnce());
    config.put("Env", cfg.env());
    config.put("Cmd", cfg.cmd());
    config.put("Image", cfg.image());
    config.put("Volumes", PortMountJson.configVolumes(cfg.host()));
    config.put("WorkingDir", cfg.workingDir());
    config.put("Entrypoint", cfg.entrypoint().isEmpty() ? null : cfg.entrypoint());
    config.put("OnBuild", null);
    config.put("Labels", cfg.labels());
    cfg.stopSignal().ifPresent(sig -> config.put("StopSignal", sig));
    cfg.stopTimeout().ifPresent(t -> config.put("StopTimeout", t));
    cfg.healthcheck().ifPresent(h -> config.put("Healthcheck", healthcheck(h)));

    Map<String, Object> host = new LinkedHashMap<>();
    HostOptions o = cfg.host();
    host.put("Binds", o.binds().isEmpty() ? null : o.binds());
    host.put("NetworkMode", "none");
    host.put("PortBindings", PortMountJson.portBindings(o.ports()));
    host.put("RestartPolicy", Docs.obj("Name", o.restartPolicy().name(), "MaximumRetryCount", o.restartPolicy().maximumRetryCount()));
    host.put("AutoRemove", cfg.autoRemove());
    host.put("LogConfig", Docs.obj("Type", o.logConfig().type(), "Config", o.logConfig().config()));
    host.put("CapAdd", o.capAdd().isEmpty() ? null : o.capAdd());
    host.put("CapDrop", o.capDrop().isEmpty() ? null : o.capDrop());
    host.put("GroupAdd", o.groupAdd().isEmpty() ? null : o.groupAdd());
    host.put("Privileged", o.privileged());
    host.put("PublishAllPorts", o.ports().publishAll());
    host.put("ReadonlyRootfs", o.readonlyRootfs());
    host.put("SecurityOpt", o.securityOpt().isEmpty() ? null : o.securityOpt());
    o.init().ifPresent(i -> host.put("Init", i));
    if (!o.sysctls().isEmpty()) host.put("Sysctls", o.sysctls());
    ResourceJson.put(host, cfg.resources());
    host.put("Runtime", "runc");
    host.put("Mounts", PortMountJson.hostMounts(o));
    host.put("VolumeDriver", o.storage().volumeDriver());
    host.put("VolumesFrom", o.storage().volumesFrom().isEmpty() ? null : o.storage().volumesFrom());
    host.put("Tmpfs", PortMountJson.tmpfs(o));

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", c.id());
    m.put("Created", c.created().toString());
    m.put("Path", c.path());
    m.put("Args", c.argsAfterPath());
    m.put("State", state);
    m.put("Image", c.imageId().toString());
    m.put("ResolvConfPath", paths.bundle(c.id()).resolve("resolv.conf").toString());
    m.put("HostnamePath", paths.bundle(c.id()).resolve("hostname").toString());
    m.put("HostsPath", paths.bundle(c.id()).resolve("hosts").toString());
    // docker shows no log path for a container whose driver keeps no log
    m.put("LogPath", io.berth.engine.container.ContainerLogs.readable(c) ? paths.log(c.id()).toString() : "");
    m.put("Name", "/" + c.name());
    m.put("RestartCount", s.restartCount());
    m.put("Driver", "overlayfs");
    m.put("Platform", "linux");
    m.put("MountLabel", "");
    m.put("ProcessLabel", "");
    m.put("AppArmorProfile", "");
    m.put("ExecIDs", null);
    m.put("HostConfig", DockerDefaults.hostConfig(host));
    m.put("GraphDriver", Docs.obj("Data", Docs.obj("MergedDir", paths.rootfs(c.id()).toString()), "Name", "overlayfs"));
    m.put("Mounts", PortMountJson.mountPoints(o));
    m.put("Config", config);
    m.put("NetworkSettings", DockerDefaults.networkSettings(Docs.obj("Bridge", "", "SandboxID", "",
        "Ports", PortMountJson.networkPorts(c, published), "Networks", Docs.obj())));
    return m;
  }

  /** The inspect document with docker's {@code SizeRw} and {@code SizeRootFs} (after GraphDriver), for {@code size=1}. */
  static Map<String, Object> withSizes(Map<String, Object> inspect, ContainerSizes.Size size) {
    Map<String, Object> out = new LinkedHashMap<>();
    inspect.forEach((k, v) -> {
      out.put(k, v);
      if (k.equals("GraphDriver")) {
        out.put("SizeRw", size.rw());
        out.put("SizeRootFs", size.rootFs());
      }
    });
    return out;
  }

  /** Sizes in a summary go after Ports; docker omits them when zero. */
  static void putSizes(Map<String, Object> summary, ContainerSizes.Size size) {
    Map<String, Object> copy = new LinkedHashMap<>(summary);
    summary.clear();
    copy.forEach((k, v) -> {
      summary.put(k, v);
      if (k.equals("Ports")) {
        if (size.rw() != 0) summary.put("SizeRw", size.rw());
        if (size.rootFs() != 0) summary.put("SizeRootFs", size.rootFs());
      }
    });
  }

  static Map<String, Object> healthcheck(HealthConfig h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Test", h.test());
    if (h.interval() != 0) m.put("Interval", h.interval());
    if (h.timeout() != 0) m.put("Timeout", h.timeout());
    if (h.startPeriod() != 0) m.put("StartPeriod", h.startPeriod());
    if (h.startInterval() != 0) m.put("StartInterval", h.startInterval());
    if (h.retries() != 0) m.put("Retries", h.retries());
    return m;
  }
}
