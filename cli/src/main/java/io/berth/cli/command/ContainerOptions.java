package io.berth.cli.command;

import io.berth.client.model.ContainerConfig;
import io.berth.client.model.ContainerCreateRequest;
import io.berth.client.model.HostConfig;
import io.berth.client.model.LogConfig;
import io.berth.client.model.RestartPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options {@code run} and {@code create} share, and their translation into the create request. */
public final class ContainerOptions {
  @Option(names = "--name", description = "Assign a name to the container") String name;
  @Option(names = {"-e", "--env"}, description = "Set environment variables") List<String> env = new ArrayList<>();
  @Option(names = "--env-file", description = "Read in a file of environment variables") List<Path> envFiles = new ArrayList<>();
  @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container") String workdir;
  @Option(names = {"-u", "--user"}, description = "Username or UID (format: <name|uid>[:<group|gid>])") String user;
  @Option(names = {"-h", "--hostname"}, description = "Container host name") String hostname;
  @Option(names = "--entrypoint", description = "Overwrite the default ENTRYPOINT of the image") String entrypoint;
  @Option(names = {"-l", "--label"}, description = "Set meta data on a container") List<String> labels = new ArrayList<>();
  @Option(names = {"-a", "--attach"}, description = "Attach to STDIN, STDOUT or STDERR") List<String> attach = new ArrayList<>();
  @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached") boolean interactive;
  @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY") boolean tty;
  @Option(names = "--rm", description = "Automatically remove the container and its associated anonymous volumes when it exits") boolean rm;
  @Option(names = {"-v", "--volume"}, description = "Bind mount a volume") List<String> volumes = new ArrayList<>();
  @Option(names = "--mount", description = "Attach a filesystem mount to the container") List<String> mounts = new ArrayList<>();
  @Option(names = "--tmpfs", description = "Mount a tmpfs directory") List<String> tmpfs = new ArrayList<>();
  @Option(names = "--volumes-from", description = "Mount volumes from the specified container(s)") List<String> volumesFrom = new ArrayList<>();
  @Option(names = "--network", description = "Connect a container to a network") List<String> network = new ArrayList<>();
  @Option(names = {"--network-alias", "--net-alias"}, description = "Add network-scoped alias for the container") List<String> networkAliases = new ArrayList<>();
  @Option(names = "--ip", description = "IPv4 address (e.g., 172.30.100.104)") String ip;
  @Option(names = "--ip6", description = "IPv6 address (e.g., 2001:db8::33)") String ip6;
  @Option(names = "--mac-address", description = "Container MAC address (e.g., 92:d0:c6:0a:29:33)") String macAddress;
  @Option(names = "--dns-option", description = "Set DNS options") List<String> dnsOptions = new ArrayList<>();
  @Option(names = "--dns-search", description = "Set custom DNS search domains") List<String> dnsSearch = new ArrayList<>();
  @Option(names = "--domainname", description = "Container NIS domain name") String domainname;
  @Option(names = "--restart", description = "Restart policy to apply when a container exits") String restart;
  @Option(names = "--stop-signal", description = "Signal to stop the container") String stopSignal;
  @Option(names = "--stop-timeout", description = "Timeout (in seconds) to stop a container") Integer stopTimeout;
  @Option(names = "--privileged", description = "Give extended privileges to this container") boolean privileged;
  @Option(names = "--read-only", description = "Mount the container's root filesystem as read only") boolean readOnly;
  @Option(names = "--init", description = "Run an init inside the container") boolean init;
  @Option(names = "--cap-add", description = "Add Linux capabilities") List<String> capAdd = new ArrayList<>();
  @Option(names = "--cap-drop", description = "Drop Linux capabilities") List<String> capDrop = new ArrayList<>();
  @Option(names = "--security-opt", description = "Security Options") List<String> securityOpt = new ArrayList<>();
  @Option(names = "--group-add", description = "Add additional groups to join") List<String> groupAdd = new ArrayList<>();
  @Option(names = "--sysctl", description = "Sysctl options") List<String> sysctl = new ArrayList<>();
  @Option(names = "--dns", description = "Set custom DNS servers") List<String> dns = new ArrayList<>();
  @Option(names = "--add-host", description = "Add a custom host-to-IP mapping (host:ip)") List<String> addHosts = new ArrayList<>();
  @Option(names = {"-p", "--publish"}, description = "Publish a container's port(s) to the host") List<String> publish = new ArrayList<>();
  @Option(names = {"-P", "--publish-all"}, description = "Publish all exposed ports to random ports") boolean publishAll;
  @Option(names = "--expose", description = "Expose a port or a range of ports") List<String> expose = new ArrayList<>();
  @Option(names = "--health-cmd", description = "Command to run to check health") String healthCmd;
  @Option(names = "--health-interval", description = "Time between running the check (ms|s|m|h) (default 0s)") String healthInterval;
  @Option(names = "--health-timeout", description = "Maximum time to allow one check to run (ms|s|m|h) (default 0s)") String healthTimeout;
  @Option(names = "--health-retries", description = "Consecutive failures needed to report unhealthy") Integer healthRetries;
  @Option(names = "--health-start-period", description = "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)") String healthStartPeriod;
  @Option(names = "--health-start-interval", description = "Time between running the check during the start period (ms|s|m|h) (default 0s)") String healthStartInterval;
  @Option(names = "--no-healthcheck", description = "Disable any container-specified HEALTHCHECK") boolean noHealthcheck;
  @Option(names = "--log-driver", description = "Logging driver for the container") String logDriver;
  @Option(names = "--log-opt", description = "Log driver options") List<String> logOpts = new ArrayList<>();
  @Mixin ResourceOptions resources = new ResourceOptions();
  @Option(names = "--pull", description = "Pull image before running (\"always\", \"missing\", \"never\")") String pull = "missing";
  @Option(names = {"-q", "--quiet"}, description = "Suppress the pull output") boolean quiet;
  @Option(names = "--platform", description = "Set platform if server is multi-platform capable") String platform;

  /** {@code --pull}: always, missing (the default) or never. */
  public String pull() { return pull == null ? "missing" : pull; }

  /** {@code -q}: no pull output. */
  public boolean quiet() { return quiet; }

  /** {@code --platform}, else {@code $DOCKER_DEFAULT_PLATFORM}; empty for the daemon's own. */
  public Optional<String> platform(Map<String, String> env) {
    String p = platform != null ? platform : env.getOrDefault("DOCKER_DEFAULT_PLATFORM", "");
    return p.isEmpty() ? Optional.empty() : Optional.of(p.toLowerCase(Locale.ROOT));
  }

  public Optional<String> name() { return Optional.ofNullable(name); }

  public boolean interactive() { return interactive; }

  public boolean tty() { return tty; }

  public boolean autoRemove() { return rm; }

  /**
   * The create request for {@code image} and {@code args}. {@code detach} decides the default
   * attachments: a foreground run attaches stdout and stderr (and stdin with -i) unless {@code -a}
   * names them; {@code env} resolves {@code -e NAME} without a value.
   */
  public ContainerCreateRequest toRequest(String image, List<String> args, boolean detach, Map<String, String> env) {
    boolean stdin = interactive && !detach;
    boolean stdout = !detach;
    boolean stderr = !detach;
    if (!attach.isEmpty()) {
      if (detach) throw new IllegalArgumentException("Conflicting options: -a and -d");
      stdin = stdout = stderr = false;
      for (String a : attach) {
        switch (a.toLowerCase(Locale.ROOT)) {
          case "stdin" -> stdin = true;
          case "stdout" -> stdout = true;
          case "stderr" -> stderr = true;
          default -> throw new IllegalArgumentException("invalid argument \"" + a + "\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR");
        }
      }
    }
    var storage = MountFlags.volumes(volumes);
    var mountList = MountFlags.mounts(mounts);
    var ports = PortSpecs.parse(publish, expose);
    Map<String, Object> exposedPorts = new LinkedHashMap<>();
    ports.exposed().forEach(p -> exposedPorts.put(p, Map.of()));
    var networking = NetworkFlags.parse(network, networkAliases, ip, ip6, macAddress);
    var config = new ContainerConfig(hostname, domainname, user, stdin, stdout, stderr, exposedPorts, tty,
        interactive, interactive && stdin, environment(env), List.copyOf(args), image, storage.anonymous(), workdir,
        entrypoint == null ? null : List.of(entrypoint), labels(), Optional.ofNullable(stopSignal),
        Optional.ofNullable(stopTimeout), HealthOptions.healthcheck(healthCmd, healthInterval, healthTimeout,
            healthRetries, healthStartPeriod, healthStartInterval, noHealthcheck));
    var host = new HostConfig(storage.binds(), networking.networkMode(), restartPolicy(), rm,
        privileged, readOnly, NetworkFlags.dns(dns), NetworkFlags.extraHosts(addHosts), init ? Optional.of(true) : Optional.empty(), ports.bindings(), publishAll)
        .withSecurity(capAdd, capDrop, SecurityOpts.parse(securityOpt), groupAdd, SecurityOpts.sysctls(sysctl))
        .withLogConfig(logConfig()).withResources(resources.toResources())
        .withDnsSettings(dnsOptions, NetworkFlags.dnsSearch(dnsSearch))
        .withMountSettings(new HostConfig.MountSettings(volumesFrom, MountFlags.tmpfs(tmpfs), mountList));
    return new ContainerCreateRequest(config, host, networking.networkingConfig());
  }

  private List<String> environment(Map<String, String> hostEnv) {
    return EnvFiles.read(envFiles, env, hostEnv);
  }

  private Map<String, String> labels() {
    var m = new LinkedHashMap<String, String>();
    for (String l : labels) {
      int eq = l.indexOf('=');
      if (eq == 0) throw new IllegalArgumentException("invalid label: " + l);
      if (eq < 0) m.put(l, "");
      else m.put(l.substring(0, eq), l.substring(eq + 1));
    }
    return m;
  }

  /** docker's {@code parseLoggingOpts}: "key=value" (a bare key is ""); none takes no options. */
  private Optional<LogConfig> logConfig() {
    if (logDriver == null && logOpts.isEmpty()) return Optional.empty();
    var opts = new LinkedHashMap<String, String>();
    for (String o : logOpts) {
      int eq = o.indexOf('=');
      if (eq < 0) opts.put(o, "");
      else opts.put(o.substring(0, eq), o.substring(eq + 1));
    }
    if ("none".equals(logDriver) && !logOpts.isEmpty()) {
      throw new IllegalArgumentException("invalid logging opts for driver none");
    }
    return Optional.of(new LogConfig(logDriver == null ? "" : logDriver, opts));
  }

  private RestartPolicy restartPolicy() {
    if (restart == null || restart.isEmpty()) return new RestartPolicy("no", 0);
    int colon = restart.indexOf(':');
    if (colon < 0) return new RestartPolicy(restart, 0);
    try {
      return new RestartPolicy(restart.substring(0, colon), Integer.parseInt(restart.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid restart policy format: maximum retry count must be an integer");
    }
  }
}
