package io.berth.cli;

import io.berth.client.EngineClient;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One invocation's context: streams, environment, clock, and the daemon client, which is connected
 * on first use (so {@code --help} and the client half of {@code version} never touch the socket).
 * Single-threaded apart from the client itself.
 */
public final class Cli implements AutoCloseable {
  private final PrintStream out;
  private final PrintStream err;
  private final InputStream in;
  private final Map<String, String> env;
  private final Clock clock;
  private List<String> hosts = List.of();
  private boolean debug;
  private Optional<EngineClient> client = Optional.empty();
  private Optional<String> configFlag = Optional.empty();

  public Cli(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, Clock clock) {
    this.out = out;
    this.err = err;
    this.in = in;
    this.env = Map.copyOf(env);
    this.clock = clock;
  }

  public static Cli system() {
    return new Cli(System.out, System.err, System.in, System.getenv(), Clock.systemUTC());
  }

  void configure(List<String> hosts, boolean debug) {
    this.hosts = List.copyOf(hosts);
    this.debug = debug;
  }

  /** The global {@code --config} option (the client config directory). */
  void configDir(Optional<String> flag) { this.configFlag = flag; }

  /** The client config directory: {@code --config}, else {@code $DOCKER_CONFIG}, else {@code ~/.docker}. */
  public Path configDir() { return io.berth.client.auth.ConfigFile.directory(configFlag, env); }

  /** The credentials of the client config directory (config.json, credential helpers). */
  public io.berth.client.auth.Credentials credentials() {
    return new io.berth.client.auth.Credentials(io.berth.client.auth.ConfigFile.load(configDir()), env);
  }

  public PrintStream out() { return out; }

  public PrintStream err() { return err; }

  public InputStream in() { return in; }

  public Map<String, String> env() { return env; }

  public Clock clock() { return clock; }

  public boolean debug() { return debug; }

  /** The endpoint this invocation talks to, as the user would write it. */
  public String host() { return HostSelection.select(hosts, env); }

  /** The connected client; throws {@link io.berth.client.DaemonUnreachableException} when no daemon answers. */
  public EngineClient client() {
    if (client.isEmpty()) client = Optional.of(EngineClient.connect(host()));
    return client.get();
  }

  /** Whether standard output is a terminal (Linux: what fd 1 points at). */
  public boolean stdoutIsTerminal() { return isTerminal(1); }

  public boolean stdinIsTerminal() { return isTerminal(0); }

  public boolean stderrIsTerminal() { return isTerminal(2); }

  /** The width of the terminal on {@code fd}; 200 when it has none (docker's fallback for progress bars). */
  public int terminalWidth(int fd) {
    return io.berth.cli.term.Terminal.size(fd).map(io.berth.cli.term.Terminal.Size::cols).orElse(200);
  }

  private boolean isTerminal(int fd) {
    if ((fd == 1 && out != System.out) || (fd == 0 && in != System.in) || (fd == 2 && err != System.err)) return false;
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (Exception e) {
      return false;
    }
  }

  @Override public void close() {
    client.ifPresent(EngineClient::close);
  }
}
