package io.berth.registry;

import io.berth.http.Endpoint;
import io.berth.http.server.HttpServer;
import io.berth.http.server.ServerOptions;
import io.berth.http.tls.TlsContexts;
import io.berth.registry.storage.GarbageCollector;
import io.berth.registry.storage.RegistryIndex;
import io.berth.registry.storage.UploadSessions;
import io.berth.store.LocalContentStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code berth registry serve}: an OCI distribution registry on one TCP address, over HTTPS with
 * {@code --tls-cert} (PEM chain, leaf first) and {@code --tls-key} (PEM private key). Opening a root
 * removes upload sessions a previous run left behind; while running, a janitor cancels sessions
 * idle for {@link RegistryConfig#uploadMaxIdle()}.
 *
 * <p>Thread-safe; {@link #close()} stops serving, cancels open uploads and closes the index.
 */
public final class RegistryServer implements AutoCloseable {
  public static final String DEFAULT_ADDR = "127.0.0.1:5000";
  public static final Path DEFAULT_ROOT = Path.of("/var/lib/berth-registry");

  private final Registry registry;
  private final HttpServer http;
  private final Thread janitor;

  private RegistryServer(Registry registry, HttpServer http, Thread janitor) {
    this.registry = registry;
    this.http = http;
    this.janitor = janitor;
  }

  /** Opens the root (creating it) and serves on {@code listen} (port 0: any free port). */
  public static RegistryServer start(RegistryConfig config, Endpoint listen, Authenticator auth, ServerOptions options)
      throws IOException {
    LocalContentStore blobs = new LocalContentStore(config.root());
    RegistryIndex index = RegistryIndex.open(config.root().resolve("registry.db"));
    try {
      UploadSessions uploads = new UploadSessions(blobs, Clock.systemUTC());
      GarbageCollector gc = new GarbageCollector(blobs, index, uploads::activeRepositories, Clock.systemUTC());
      Registry registry = new Registry(blobs, index, uploads, config, gc);
      // Uploads hold big bodies and may pause between chunks: no idle limit beyond the janitor's.
      HttpServer http = HttpServer.start(List.of(listen), new RegistryHandler(registry, auth), options);
      Duration every = config.uploadMaxIdle().dividedBy(4).compareTo(Duration.ofMinutes(5)) > 0
          ? Duration.ofMinutes(5) : config.uploadMaxIdle().dividedBy(4);
      Thread janitor = Thread.ofVirtual().name("berth-registry-janitor").start(() -> {
        try {
          long nextGc = config.gcInterval().isZero() ? Long.MAX_VALUE : System.nanoTime() + config.gcInterval().toNanos();
          while (true) {
            long untilGc = nextGc == Long.MAX_VALUE ? Long.MAX_VALUE : (nextGc - System.nanoTime()) / 1_000_000;
            Thread.sleep(Math.max(1, Math.min(every.toMillis(), untilGc)));
            uploads.expire(config.uploadMaxIdle());
            if (nextGc != Long.MAX_VALUE && System.nanoTime() - nextGc >= 0) {
              periodicGc(registry);
              nextGc = System.nanoTime() + config.gcInterval().toNanos();
            }
          }
        } catch (InterruptedException e) {
          // closing
        }
      });
      return new RegistryServer(registry, http, janitor);
    } catch (IOException | RuntimeException e) {
      index.close();
      throw e;
    }
  }

  /** One {@code --gc-interval} collection; a failure is logged and the next one tries again. */
  private static void periodicGc(Registry registry) {
    if (registry.config().readOnly()) return;
    try {
      var report = registry.gc().run(new GarbageCollector.Options(false, false, registry.config().gcGrace()));
      if (!report.blobsDeleted().isEmpty()) System.err.println("berth registry gc: " + GcRoute.lines(report).getLast());
    } catch (IOException | RuntimeException e) {
      System.err.println("berth registry gc failed: " + e.getMessage());
    }
  }

  /** Collects garbage now, while serving (what {@code POST /berth/gc} does). */
  public GarbageCollector.Report collectGarbage(GarbageCollector.Options options) throws IOException {
    return registry.gc().run(options);
  }

  public static RegistryServer start(RegistryConfig config, Endpoint listen) throws IOException {
    return start(config, listen, Authenticator.allowAll(), ServerOptions.defaults());
  }

  /** The bound address (the actual port when 0 was asked for). */
  public Endpoint endpoint() { return http.endpoints().getFirst(); }

  Registry registry() { return registry; }

  /** Active upload sessions (tests, diagnostics). */
  public int uploadSessions() { return registry.uploads().size(); }

  /** Cancels upload sessions idle longer than {@code maxIdle} now; returns how many. */
  public int expireUploads(Duration maxIdle) { return registry.uploads().expire(maxIdle); }

  @Override public void close() {
    janitor.interrupt();
    http.close();
    registry.uploads().closeAll();
    registry.index().close();
  }

  /**
   * Nobody asked: everyone may do everything. {@code --htpasswd}: basic auth with those users;
   * with {@code --token-realm} too: bearer tokens that this server issues itself at {@code /token}
   * (the realm is the URL clients are sent to, normally {@code http(s)://<addr>/token}), signed with
   * the key in {@code keyFile} (made on first use). {@code anonymousPull}: pulls need no credentials.
   */
  static Authenticator authenticator(Optional<Path> htpasswd, Optional<String> tokenRealm, Path keyFile,
      boolean anonymousPull, String service) {
    if (htpasswd.isEmpty()) {
      if (tokenRealm.isPresent()) throw new IllegalArgumentException("--token-realm needs --htpasswd (the token endpoint's users)");
      if (anonymousPull) throw new IllegalArgumentException("--allow-anonymous-pull needs --htpasswd or --token-realm");
      return Authenticator.allowAll();
    }
    var users = io.berth.registry.auth.Htpasswd.load(htpasswd.get());
    if (tokenRealm.isEmpty()) {
      return new AuthGate(io.berth.registry.auth.RegistryAuth.htpasswd("Registry Realm", users, anonymousPull),
          Optional.empty());
    }
    var key = io.berth.registry.auth.SigningKey.loadOrCreate(keyFile);
    var tokens = new io.berth.registry.auth.TokenService(key, "berth-registry", service);
    var policy = io.berth.registry.auth.AccessPolicy.standard(anonymousPull);
    return new AuthGate(io.berth.registry.auth.RegistryAuth.token(tokenRealm.get(), tokens, policy),
        Optional.of(new io.berth.registry.auth.TokenEndpoint("Registry Realm", users, policy, tokens)),
        io.berth.registry.auth.RegistryAuth.htpasswd("Registry Realm", users, anonymousPull));
  }

  public static void main(String[] args) {
    int code = run(List.of(args), System.out, System.err);
    if (code != 0) System.exit(code);
  }

  /**
   * Parses {@code berth registry serve} arguments and serves until the process is told to stop
   * (SIGINT/SIGTERM); returns the exit status for argument errors and start-up failures.
   */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    String addr = DEFAULT_ADDR;
    Path root = DEFAULT_ROOT;
    boolean readOnly = false;
    boolean debug = false;
    boolean anonymousPull = false;
    Optional<Path> htpasswd = Optional.empty();
    Optional<String> tokenRealm = Optional.empty();
    Optional<Path> tokenKey = Optional.empty();
    Optional<Path> tlsCert = Optional.empty();
    Optional<Path> tlsKey = Optional.empty();
    Duration gcInterval = Duration.ZERO;
    Duration gcGrace = GarbageCollector.Options.DEFAULT_GRACE;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String flag = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      Optional<String> inline = a.contains("=") ? Optional.of(a.substring(a.indexOf('=') + 1)) : Optional.empty();
      switch (flag) {
        case "--addr", "--root", "--htpasswd", "--token-realm", "--token-key", "--tls-cert", "--tls-key", "--gc-interval",
             "--gc-grace" -> {
          String value;
          if (inline.isPresent()) {
            value = inline.get();
          } else if (i + 1 < args.size()) {
            value = args.get(++i);
          } else {
            err.println("flag needs an argument: " + flag);
            return 125;
          }
          switch (flag) {
            case "--addr" -> addr = value;
            case "--root" -> root = Path.of(value);
            case "--htpasswd" -> htpasswd = Optional.of(Path.of(value));
            case "--token-realm" -> tokenRealm = Optional.of(value);
            case "--token-key" -> tokenKey = Optional.of(Path.of(value));
            case "--tls-cert" -> tlsCert = Optional.of(Path.of(value));
            case "--tls-key" -> tlsKey = Optional.of(Path.of(value));
            case "--gc-interval", "--gc-grace" -> {
              Optional<Duration> d = RegistryGc.duration(value);
              if (d.isEmpty()) {
                err.println("invalid duration for " + flag + ": " + value);
                return 125;
              }
              if (flag.equals("--gc-interval")) gcInterval = d.get(); else gcGrace = d.get();
            }
            default -> {
              err.println(flag + " is not supported yet");
              return 1;
            }
          }
        }
        case "--read-only" -> readOnly = inline.map(v -> !v.equals("false")).orElse(true);
        case "--allow-anonymous-pull" -> anonymousPull = inline.map(v -> !v.equals("false")).orElse(true);
        case "--debug", "-D" -> debug = true;
        default -> {
          err.println("unknown flag: " + a);
          return 125;
        }
      }
    }
    Endpoint listen;
    try {
      listen = Endpoint.parse(addr.contains("://") ? addr : "tcp://" + addr);
      if (!(listen instanceof Endpoint.Tcp)) throw new IllegalArgumentException("the registry listens on TCP only");
    } catch (IllegalArgumentException e) {
      err.println("invalid --addr " + addr + ": " + e.getMessage());
      return 125;
    }
    if (tlsCert.isPresent() != tlsKey.isPresent()) {
      err.println("--tls-cert and --tls-key go together");
      return 125;
    }
    ServerOptions options = ServerOptions.defaults().withIdleTimeout(Duration.ofMinutes(5));
    if (debug) options = options.withRequestLogger(err::println);
    if (tlsCert.isPresent()) {
      try {
        options = options.withTls(TlsContexts.server(tlsCert.get(), tlsKey.get()));
      } catch (IllegalArgumentException e) {
        err.println("cannot start the registry: " + e.getMessage());
        return 1;
      }
    }
    RegistryConfig config = RegistryConfig.defaults(root.toAbsolutePath()).withReadOnly(readOnly)
        .withGcGrace(gcGrace).withGcInterval(gcInterval);
    RegistryServer server;
    try {
      Authenticator auth = authenticator(htpasswd, tokenRealm, tokenKey.orElse(config.root().resolve("token-key.pem")),
          anonymousPull, listen.hostHeader());
      server = start(config, listen, auth, options);
    } catch (IOException | RuntimeException e) {
      err.println("cannot start the registry: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "berth-registry-shutdown"));
    List<String> notes = new ArrayList<>();
    if (tlsCert.isPresent()) notes.add("TLS");
    if (readOnly) notes.add("read-only");
    if (htpasswd.isPresent()) notes.add(tokenRealm.map(r -> "bearer tokens from " + r).orElse("basic auth"));
    if (anonymousPull) notes.add("anonymous pull");
    if (!gcInterval.isZero()) notes.add("gc every " + gcInterval);
    out.println("berth registry listening on " + (tlsCert.isPresent() ? "https://" : "http://")
        + server.endpoint().hostHeader() + ", root " + config.root()
        + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")"));
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
