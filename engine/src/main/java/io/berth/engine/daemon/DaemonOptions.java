package io.berth.engine.daemon;

import io.berth.engine.logs.LogPolicy;
import io.berth.oci.errors.BerthException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * berthd's flags, named as dockerd's: {@code --data-root}, {@code --exec-root}, {@code -H/--host}
 * (repeatable), {@code --runtime}, {@code --debug/-D}, {@code --init-path}, {@code --log-driver},
 * {@code --log-opt} (repeatable), {@code --ip} and {@code --config-file} (daemon.json: {@code log-driver},
 * {@code log-opts}, {@code insecure-registries}, {@code ip}).
 *
 * @param logDefaults the log driver and options new containers get unless they set their own
 * @param configDir the directory of the configuration file ({@code /etc/berth} by default); its
 *     {@code certs.d} holds per-registry CAs and client certificates, next to dockerd's
 *     {@code /etc/docker/certs.d}
 * @param defaultBindIp the host address published ports bind when the binding names none
 *     ({@code -p 8080:80}); dockerd's {@code --ip}, {@code 0.0.0.0} by default
 */
public record DaemonOptions(Path dataRoot, Path execRoot, List<String> hosts, String runtime, boolean debug,
    boolean help, boolean version, Optional<Path> initPath, LogPolicy.Defaults logDefaults,
    List<String> insecureRegistries, Path configDir, String defaultBindIp) {

  /** Publishing on every address by default. */
  public DaemonOptions(Path dataRoot, Path execRoot, List<String> hosts, String runtime, boolean debug, boolean help,
      boolean version, Optional<Path> initPath, LogPolicy.Defaults logDefaults, List<String> insecureRegistries,
      Path configDir) {
    this(dataRoot, execRoot, hosts, runtime, debug, help, version, initPath, logDefaults, insecureRegistries,
        configDir, "0.0.0.0");
  }

  /** In the default configuration directory. */
  public DaemonOptions(Path dataRoot, Path execRoot, List<String> hosts, String runtime, boolean debug, boolean help,
      boolean version, Optional<Path> initPath, LogPolicy.Defaults logDefaults, List<String> insecureRegistries) {
    this(dataRoot, execRoot, hosts, runtime, debug, help, version, initPath, logDefaults, insecureRegistries,
        Path.of(DaemonConfigFile.DEFAULT).getParent());
  }

  /** The certs.d directories registries' TLS material is read from: dockerd's, then berth's own. */
  public List<Path> registryCertsDirs() {
    return List.of(Path.of("/etc/docker/certs.d"), configDir.resolve("certs.d"));
  }

  /** Without insecure registries (the flags before registries existed). */
  public DaemonOptions(Path dataRoot, Path execRoot, List<String> hosts, String runtime, boolean debug, boolean help,
      boolean version, Optional<Path> initPath, LogPolicy.Defaults logDefaults) {
    this(dataRoot, execRoot, hosts, runtime, debug, help, version, initPath, logDefaults, List.of());
  }

  public static final String USAGE = """
      Usage: berthd [OPTIONS]

      A Docker-compatible container engine.

      Options:
            --data-root string   Root directory of persistent state (default "/var/lib/berth")
        -D, --debug              Enable debug mode (log every API call)
            --exec-root string   Root directory for execution state files (default "/run/berth")
        -H, --host list          Daemon socket(s) to listen on: unix:///path or tcp://127.0.0.1:port
                                 (default unix:///run/berth/berth.sock)
            --ip ip              Default IP when binding container ports (default 0.0.0.0)
            --insecure-registry list  Registries (host[:port] or CIDR) reached without TLS verification, or
                                 over HTTP; localhost and 127.0.0.0/8 always are. Registry CAs and
                                 client certificates: /etc/docker/certs.d/<host:port>/ and
                                 <config dir>/certs.d/<host:port>/ (*.crt, client.cert, client.key)
            --init-path string   Path to the static init binary --init runs (default: docker-init or
                                 tini-static from PATH)
            --runtime string     OCI runtime: runc or crun (default "runc")
            --log-driver string  Default driver for container logs: k8s-file (aliases json-file, local) or none
            --log-opt map        Default log driver options (max-size, max-file); rotation is on by default:
                                 max-size=10m, max-file=3
            --config-file string Daemon configuration file (default "/etc/berth/daemon.json", if present)
        -h, --help               Print usage
        -v, --version            Print version information and quit
      """;

  public static DaemonOptions parse(String[] args) {
    Path data = Path.of("/var/lib/berth");
    Path exec = Path.of("/run/berth");
    List<String> hosts = new ArrayList<>();
    String runtime = "runc";
    boolean debug = false;
    boolean help = false;
    boolean version = false;
    Optional<Path> initPath = Optional.empty();
    Optional<String> logDriver = Optional.empty();
    Map<String, String> logOpts = new LinkedHashMap<>();
    Optional<Path> configFile = Optional.empty();
    List<String> insecure = new ArrayList<>();
    Optional<String> ip = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        value = a.substring(eq + 1);
        a = a.substring(0, eq);
      }
      switch (a) {
        case "--data-root" -> data = Path.of(value != null ? value : next(args, ++i, a)).toAbsolutePath();
        case "--exec-root" -> exec = Path.of(value != null ? value : next(args, ++i, a)).toAbsolutePath();
        case "-H", "--host" -> hosts.add(value != null ? value : next(args, ++i, a));
        case "--runtime", "--default-runtime" -> runtime = value != null ? value : next(args, ++i, a);
        case "--init-path" -> initPath = Optional.of(Path.of(value != null ? value : next(args, ++i, a)).toAbsolutePath());
        case "-D", "--debug" -> debug = true;
        case "--log-driver" -> logDriver = Optional.of(value != null ? value : next(args, ++i, a));
        case "--log-opt" -> {
          String kv = value != null ? value : next(args, ++i, a);
          int sep = kv.indexOf('=');
          if (sep <= 0) throw BerthException.invalid("invalid argument \"%s\" for \"--log-opt\" flag: expected key=value", kv);
          logOpts.put(kv.substring(0, sep), kv.substring(sep + 1));
        }
        case "--insecure-registry" -> insecure.add(value != null ? value : next(args, ++i, a));
        case "--ip" -> ip = Optional.of(ipFlag(value != null ? value : next(args, ++i, a)));
        case "--config-file" -> configFile = Optional.of(Path.of(value != null ? value : next(args, ++i, a)));
        case "-h", "--help" -> help = true;
        case "-v", "--version" -> version = true;
        default -> throw BerthException.invalid("unknown flag: %s\nSee 'berthd --help'.", args[i]);
      }
    }
    if (!runtime.equals("runc") && !runtime.equals("crun")) {
      throw BerthException.invalid("unknown runtime %s: choose runc or crun", runtime);
    }
    if (hosts.isEmpty()) hosts.add("unix://" + exec.resolve("berth.sock"));
    LogPolicy.Defaults logDefaults = help || version ? LogPolicy.Defaults.BUILT_IN
        : DaemonConfigFile.logDefaults(configFile, logDriver, logOpts);
    if (!help && !version) insecure = DaemonConfigFile.insecureRegistries(configFile, insecure);
    Path configDir = configFile.map(f -> f.toAbsolutePath().getParent())
        .orElse(Path.of(DaemonConfigFile.DEFAULT).getParent());
    String bindIp = help || version ? ip.orElse("0.0.0.0") : DaemonConfigFile.defaultIp(configFile, ip);
    return new DaemonOptions(data, exec, List.copyOf(hosts), runtime, debug, help, version, initPath, logDefaults,
        List.copyOf(insecure), configDir, bindIp);
  }

  /** An IP literal (no name lookup), as dockerd's {@code IPOpt}; in InetAddress's notation. */
  static String ipFlag(String value) {
    return ipLiteral(value).orElseThrow(() ->
        BerthException.invalid("invalid argument \"%s\" for \"--ip\" flag: %s is not an ip address", value, value));
  }

  static Optional<String> ipLiteral(String value) {
    boolean v4 = value.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = value.contains(":") && value.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) return Optional.empty();
    try {
      // A literal never causes a lookup; getByName also rejects octets above 255.
      return Optional.of(java.net.InetAddress.getByName(value).getHostAddress());
    } catch (java.net.UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static String next(String[] args, int i, String flag) {
    if (i >= args.length) throw BerthException.invalid("flag needs an argument: %s", flag);
    return args[i];
  }
}
