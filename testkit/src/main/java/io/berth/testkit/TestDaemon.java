package io.berth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real {@code berthd} process ({@code bin/berthd}) on a fresh data root, exec root and unix socket under
 * {@code /tmp/berth-it-XXXX}, with {@code --debug} and its output in {@link #logFile()}.
 *
 * <p>Lifecycle: {@link #start()} returns once {@code GET /_ping} answers. {@link #kill9()} and
 * {@link #restart()} exist for crash-recovery tests (the roots are kept). {@link #close()} force-removes
 * every container through the API, sends SIGTERM, waits, then checks the host with {@link HostLeaks}
 * (mounts, conmon/runc processes, cgroups, files named after containers); it cleans up what leaked as well
 * as it can, deletes the temp directory, and throws {@link AssertionError} if anything was left behind.
 * On failure the daemon log is kept as {@code /tmp/berth-it-logs/<dir>.log}.
 *
 * <p>Not thread-safe for lifecycle calls; {@link #api()} and {@link #cli()} may be used from any thread.
 * Needs root, runc and conmon, and a built tree ({@code scripts/build}, or {@code mvn package} in the same
 * reactor before the {@code it} module).
 */
public final class TestDaemon implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{64}");
  private static final Path FAILED_LOGS = Path.of("/tmp/berth-it-logs");

  private final Path repo;
  private final Path root;
  private final Path dataRoot;
  private final Path execRoot;
  private final Path socket;
  private final Path logFile;
  private final EngineHttp api;
  private final Cli cli;
  private final List<String> extraArgs;
  private Process process;
  private boolean bridgeReleased;

  private TestDaemon(Path repo, Path root, List<String> extraArgs) {
    this.extraArgs = List.copyOf(extraArgs);
    this.repo = repo;
    this.root = root;
    this.dataRoot = root.resolve("data");
    this.execRoot = root.resolve("exec");
    this.socket = execRoot.resolve("berth.sock");
    this.logFile = root.resolve("berthd.log");
    this.api = new EngineHttp(socket);
    this.cli = new Cli(repo.resolve("bin/berth"), socket, root);
  }

  /** Starts a daemon on fresh roots and waits until it answers {@code /_ping}. */
  public static TestDaemon start() {
    return start(new String[0]);
  }

  /**
   * Like {@link #start()}, also listening on {@code extraHosts} ({@code -H} values such as
   * {@code unix:///path/docker.sock}): for clients that read a fixed {@code DOCKER_HOST} from their
   * environment, e.g. Testcontainers.
   */
  public static TestDaemon start(List<String> extraHosts) {
    return start(extraHosts.stream().flatMap(h -> java.util.stream.Stream.of("-H", h)).toArray(String[]::new));
  }

  /** As {@link #start()}, with more berthd flags ({@code --log-opt max-size=1k}, {@code --config-file f}). */
  public static TestDaemon start(String... extraArgs) {
    Path repo = Repo.root();
    Path berthd = repo.resolve("bin/berthd");
    if (!Files.isExecutable(berthd)) throw new IllegalStateException(berthd + " is missing or not executable");
    try {
      Path root = Files.createTempDirectory(Path.of("/tmp"), "berth-it-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
      var d = new TestDaemon(repo, root, List.of(extraArgs));
      DefaultBridge.daemonStarting();
      Files.createDirectories(d.dataRoot);
      Files.createDirectories(d.execRoot);
      try {
        d.launch();
      } catch (RuntimeException e) {
        d.closeQuietly(e);
        throw e;
      }
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path repoRoot() { return repo; }

  /** The temp directory holding everything of this daemon. */
  public Path root() { return root; }

  public Path dataRoot() { return dataRoot; }

  public Path execRoot() { return execRoot; }

  public Path socket() { return socket; }

  /** {@code unix:///tmp/berth-it-…/exec/berth.sock}, for {@code DOCKER_HOST}. */
  public String dockerHost() { return "unix://" + socket; }

  public Path logFile() { return logFile; }

  public EngineHttp api() { return api; }

  public Cli cli() { return cli; }

  /** The berthd JVM's pid ({@code bin/berthd} execs java). */
  public long pid() { return process.pid(); }

  public boolean isRunning() { return process != null && process.isAlive(); }

  /**
   * Loads the testkit busybox image as {@code repoTag} through {@code POST /images/load}.
   *
   * @return the image as built (its {@code imageId} is the ID the daemon must report)
   */
  public BusyboxImage.Built loadBusybox(String repoTag) {
    try {
      Path tar = Files.createTempFile(root, "busybox-", ".tar");
      var built = new BusyboxImage().dockerSaveTar(tar, repoTag);
      var r = api.send("POST", "/images/load?quiet=1", "application/x-tar", Files.readAllBytes(tar), Duration.ofSeconds(120));
      Files.delete(tar);
      if (r.status() != 200) throw new IllegalStateException("loading busybox failed: " + r);
      return built;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads the {@link RyukImage} stand-in as {@link RyukImage#REPO_TAG}; returns its image ID. */
  public io.berth.oci.Digest loadRyuk() {
    try {
      Path tar = Files.createTempFile(root, "ryuk-", ".tar");
      var id = new RyukImage().dockerSaveTar(tar);
      var r = api.send("POST", "/images/load?quiet=1", "application/x-tar", Files.readAllBytes(tar), Duration.ofSeconds(120));
      Files.delete(tar);
      if (r.status() != 200) throw new IllegalStateException("loading " + RyukImage.REPO_TAG + " failed: " + r);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL to berthd (not to its containers: conmon keeps them); waits until it is gone. */
  public void kill9() {
    process.destroyForcibly();
    waitExit(Duration.ofSeconds(10));
  }

  /** SIGTERM; waits for a clean exit (or SIGKILLs after 30 s and throws). */
  public void stop() {
    if (!isRunning()) return;
    process.destroy();
    if (!waitExit(STOP_TIMEOUT)) {
      process.destroyForcibly();
      waitExit(Duration.ofSeconds(10));
      throw new AssertionError("berthd did not exit within " + STOP_TIMEOUT + " of SIGTERM; log: " + logFile);
    }
  }

  /** Stops berthd if it runs, then starts it again on the same roots and socket. */
  public void restart() {
    stop();
    launch();
  }

  /** The last {@code n} lines of the daemon log (for assertion messages). */
  public String logTail(int n) {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void launch() {
    var cmd = new ArrayList<>(List.of(repo.resolve("bin/berthd").toString(),
        "--data-root", dataRoot.toString(), "--exec-root", execRoot.toString(),
        "-H", dockerHost(), "--debug"));
    cmd.addAll(extraArgs);
    Optional.ofNullable(System.getProperty("berth.it.runtime")).ifPresent(rt -> cmd.addAll(List.of("--runtime", rt)));
    try {
      process = new ProcessBuilder(cmd)
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cmd, e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!(Files.exists(socket) && api.ping())) {
      if (!process.isAlive()) {
        throw new IllegalStateException("berthd exited with " + process.exitValue() + " during start-up:\n" + logTail(40));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("berthd did not answer /_ping within " + START_TIMEOUT + ":\n" + logTail(40));
      }
      Cli.sleep(50);
    }
  }

  private boolean waitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override public void close() {
    var problems = new ArrayList<String>();
    var ids = new LinkedHashSet<String>();
    if (isRunning()) {
      try {
        JsonNode list = api.get("/containers/json?all=1").json();
        for (JsonNode c : list) ids.add(c.path("Id").asText());
        for (String id : ids) {
          var r = api.delete("/containers/" + id + "?force=1&v=1");
          if (r.status() != 204 && r.status() != 404) problems.add("force-remove " + id + ": " + r);
        }
      } catch (RuntimeException e) {
        problems.add("listing/removing containers failed: " + e);
      }
      // User-defined networks own a bridge and firewall rules on the host: a test's leftovers go too.
      try {
        for (JsonNode n : api.get("/networks?filters=" + java.net.URLEncoder.encode("{\"type\":[\"custom\"]}",
            java.nio.charset.StandardCharsets.UTF_8)).json()) {
          var r = api.delete("/networks/" + n.path("Id").asText());
          if (r.status() != 204 && r.status() != 404) problems.add("remove network " + n.path("Name").asText() + ": " + r);
        }
      } catch (RuntimeException e) {
        problems.add("listing/removing networks failed: " + e);
      }
      try {
        stop();
      } catch (AssertionError e) {
        problems.add(e.getMessage());
      }
    }
    ids.addAll(idsOnDisk());
    ids.removeIf(String::isEmpty);
    List<String> leaks = new ArrayList<>(HostLeaks.findAll(root, ids));
    // berthd keeps the default bridge's rules when it stops (as dockerd keeps docker0's): this test
    // daemon's go now; user-defined networks were removed above, so nothing else may carry its tag.
    for (String rule : OwnedFirewallRules.remove(OwnedFirewallRules.owner(dataRoot))) leaks.add("iptables rule: " + rule);
    if (!leaks.isEmpty()) problems.add("left behind on the host:\n  " + String.join("\n  ", leaks));
    cleanUp(ids);
    if (!bridgeReleased) {
      bridgeReleased = true;
      DefaultBridge.daemonClosed();
    }
    if (!problems.isEmpty()) {
      String kept = keepLog();
      deleteRoot();
      throw new AssertionError(String.join("\n", problems) + "\nberthd log: " + kept);
    }
    deleteRoot();
  }

  private void closeQuietly(RuntimeException cause) {
    try {
      close();
    } catch (RuntimeException | AssertionError e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Container-looking IDs (64 hex) named under {@code <data-root>/containers} or anywhere in the exec root,
   * in case the API missed some. (Layer and config blobs are 64-hex named too, so the rest of the data root
   * is not searched.)
   */
  private Set<String> idsOnDisk() {
    var ids = new LinkedHashSet<String>();
    for (var dirAndDepth : List.of(java.util.Map.entry(dataRoot.resolve("containers"), 1), java.util.Map.entry(execRoot, 3))) {
      if (!Files.isDirectory(dirAndDepth.getKey())) continue;
      try (Stream<Path> s = Files.walk(dirAndDepth.getKey(), dirAndDepth.getValue())) {
        s.map(p -> p.getFileName().toString()).filter(n -> FULL_ID.matcher(n).matches()).forEach(ids::add);
      } catch (IOException | UncheckedIOException e) {
        // best effort
      }
    }
    return ids;
  }

  /** Best-effort removal of leaks so one failing test does not poison the next. */
  private void cleanUp(Set<String> ids) {
    for (String line : HostLeaks.processes(List.of(root), ids)) {
      long pid = Long.parseLong(line.substring("process ".length(), line.indexOf(' ', "process ".length())));
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    for (String mp : HostLeaks.mountsUnder(List.of(root))) {
      exec("umount", "-l", mp);
    }
    List<Path> cgroups = new ArrayList<>(HostLeaks.cgroupDirs(ids));
    cgroups.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    for (Path cg : cgroups) {
      try (Stream<Path> children = Files.walk(cg)) {
        children.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).forEach(d -> d.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // best effort
      }
    }
  }

  private String keepLog() {
    try {
      Files.createDirectories(FAILED_LOGS);
      Path kept = FAILED_LOGS.resolve(root.getFileName() + ".log");
      Files.copy(logFile, kept, StandardCopyOption.REPLACE_EXISTING);
      return kept.toString();
    } catch (IOException e) {
      return "(could not keep " + logFile + ": " + e.getMessage() + ")";
    }
  }

  /** Deletes the temp root, but never through a mount point (that could reach host files). */
  private void deleteRoot() {
    if (!HostLeaks.mountsUnder(List.of(root)).isEmpty()) return;
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: /tmp is cleaned eventually
    }
  }

  private static void exec(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      // best effort
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
