package io.berth.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * {@link OciRuntime} over conmon and runc (or crun), podman's model: {@link #create} spawns one conmon
 * per container; conmon double-forks away from berthd, runs {@code <runtime> create}, reports the
 * container's pid (or the runtime's error) through its sync pipe, then holds the container's stdio,
 * writes the k8s-file log and finally the exit file {@code <exitDir>/<id>}. The other operations run
 * the runtime binary directly.
 *
 * <h2>How conmon is started</h2>
 * conmon wants its sync pipe as an inherited fd named by {@code _OCI_SYNCPIPE}, and Java cannot pass
 * fds beyond 0–2. So the child is {@code /bin/sh}, which moves its stdout (our pipe) to fd 3, runs
 * conmon, closes its own copy of fd 3 once conmon's first process has exited, then waits for us to
 * close its stdin. Two reasons for this shape:
 * <ul>
 *   <li>The JDK closes a Process's stdout pipe as soon as the child exits (it drains what is
 *       buffered and closes the fd). Had the child been conmon itself (via {@code exec}), that happens
 *       when conmon's first process exits right after forking, and conmon's later write of the pid
 *       fails with EPIPE, which kills conmon. Keeping the shell alive until we have read the message
 *       avoids this race.</li>
 *   <li>Once the shell has dropped its copy of fd 3, EOF on the pipe means conmon itself is gone, so a
 *       conmon that dies without reporting cannot hang us.</li>
 * </ul>
 * Afterwards nothing ties conmon to the JVM: it is not our child (its parent exited; it is in its own
 * session), holds no fd of ours but the write end of a pipe we closed, and so survives {@code kill -9}
 * of berthd. The JVM reaps the shell; no child process is left behind.
 *
 * <p>Files per container: {@code <pidDir>/pidfile} (container pid, written by the runtime),
 * {@code <pidDir>/conmon.pid}, conmon's {@code attach}, {@code ctl} and {@code winsz} in the bundle
 * ({@code --full-attach}), the log file, and the exit file. Terminal mode ({@code -t}) is passed to
 * conmon, which creates the console socket for the runtime itself; stdin, live output and terminal
 * resizes go through conmon's attach socket and control fifo ({@link ConmonAttach},
 * {@link ConmonConsole}). With {@code --stdin}, conmon closes the container's stdin when an attached
 * client's input ends, unless {@code --leave-stdin-open} ({@link CreateRequest#leaveStdinOpen()}).
 *
 * <p>Thread-safety: stateless apart from configuration; safe for concurrent use.
 */
public final class ConmonRuntime implements OciRuntime {
  /** runc accepts {@code [\w+.-]}; we also refuse dots, which conmon's temporary exit files use. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

  private static final String SPAWN_SCRIPT =
      "exec 3>&1 >/dev/null; \"$0\" \"$@\" </dev/null; rc=$?; exec 3>&-; read -r x; exit $rc";

  private static final int MAX_SYNC_MESSAGE = 64 * 1024;

  /** Tunables; {@link #defaults()} fit a daemon. */
  public record Options(Duration createTimeout, String conmonLogLevel, boolean conmonSyslog) {
    public Options {
      Objects.requireNonNull(createTimeout, "createTimeout");
      if (createTimeout.isNegative() || createTimeout.isZero()) throw new IllegalArgumentException("createTimeout must be positive");
      if (!List.of("error", "warn", "info", "debug", "trace").contains(conmonLogLevel)) {
        throw new IllegalArgumentException("unknown conmon log level: " + conmonLogLevel);
      }
    }

    public static Options defaults() { return new Options(Duration.ofMinutes(2), "error", false); }
  }

  private final Path conmon;
  private final Path runtime;
  private final Path runtimeRoot;
  private final Path socketDir;
  private final Options options;
  private final RuntimeCli cli;
  private volatile String version;

  /**
   * @param conmon      the conmon binary ({@code /usr/bin/conmon})
   * @param runtime     the OCI runtime binary, runc or crun
   * @param runtimeRoot the runtime's state root ({@code <exec-root>/runc}), passed as {@code --root}
   * @param socketDir   where conmon may put attach-socket links ({@code --socket-dir-path})
   */
  public ConmonRuntime(Path conmon, Path runtime, Path runtimeRoot, Path socketDir) {
    this(conmon, runtime, runtimeRoot, socketDir, Options.defaults());
  }

  public ConmonRuntime(Path conmon, Path runtime, Path runtimeRoot, Path socketDir, Options options) {
    this.conmon = conmon.toAbsolutePath();
    this.runtime = runtime.toAbsolutePath();
    this.runtimeRoot = runtimeRoot.toAbsolutePath();
    this.socketDir = socketDir.toAbsolutePath();
    this.options = Objects.requireNonNull(options, "options");
    this.cli = new RuntimeCli(this.runtime, this.runtimeRoot);
  }

  @Override public String name() { return runtime.getFileName().toString(); }

  @Override public String version() {
    String v = version;
    if (v == null) version = v = cli.versionLine();
    return v;
  }

  /** The file conmon writes the exit code to. */
  public static Path exitFile(Path exitDir, String id) { return exitDir.resolve(id); }

  /** conmon's pid file for a container created with {@code pidDir}. */
  public static Path conmonPidFile(Path pidDir) { return pidDir.resolve("conmon.pid"); }

  /** The container's init pid file, written by the runtime. */
  public static Path containerPidFile(Path pidDir) { return pidDir.resolve("pidfile"); }

  /**
   * The live conmon process of container {@code id}, from its pid file; empty when it has exited.
   * Used when re-adopting containers: a container still running without its conmon would never get
   * an exit file. A zombie does not count (on hosts whose init does not reap orphans, an exited
   * conmon lingers as one), nor does an unrelated process that reused the pid.
   */
  public static Optional<ProcessHandle> conmon(Path pidDir, String id) {
    Optional<Integer> pid = readPid(conmonPidFile(pidDir));
    if (pid.isEmpty()) return Optional.empty();
    Path proc = Path.of("/proc", Integer.toString(pid.get()));
    try {
      String stat = Files.readString(proc.resolve("stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      if (state == 'Z' || state == 'X') return Optional.empty();
      List<String> argv = List.of(new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).split("\0"));
      int cid = argv.indexOf("--cid");
      if (argv.isEmpty() || !argv.getFirst().endsWith("conmon") || cid < 0 || cid + 1 >= argv.size()
          || !argv.get(cid + 1).equals(id)) {
        return Optional.empty();
      }
    } catch (IOException | RuntimeException gone) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid.get());
  }

  @Override public Created create(CreateRequest r) {
    requireId(r.id());
    Path pidFile = containerPidFile(r.pidDir());
    Path conmonPidFile = conmonPidFile(r.pidDir());
    Path exitFile = exitFile(r.exitDir(), r.id());
    try {
      Files.createDirectories(r.exitDir());
      Files.createDirectories(r.pidDir());
      Files.createDirectories(socketDir);
      Files.createDirectories(runtimeRoot);
      Files.createDirectories(r.logFile().toAbsolutePath().getParent());
      Files.deleteIfExists(pidFile);
      Files.deleteIfExists(conmonPidFile);
      Files.deleteIfExists(exitFile);
    } catch (IOException e) {
      throw BerthException.internal("cannot prepare runtime files for container " + r.id() + ": " + e.getMessage(), e);
    }

    ProcessBuilder pb = new ProcessBuilder(command(r, pidFile, conmonPidFile)).directory(r.bundle().toFile());
    // A clean environment: the runtime inherits it, and nothing of berthd's (NOTIFY_SOCKET,
    // LISTEN_FDS, proxies) may leak into it.
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    pb.environment().put("_OCI_SYNCPIPE", "3");
    Process sh;
    try {
      sh = pb.start();
    } catch (IOException e) {
      throw new BerthException.Unavailable("cannot start conmon: " + e.getMessage(), e);
    }

    AtomicBoolean timedOut = new AtomicBoolean();
    Thread watchdog = Thread.ofVirtual().name("conmon-create-timeout-" + r.id())
        .start(() -> killOnTimeout(sh, conmonPidFile, timedOut));
    String sync;
    int shellExit;
    String shellStderr;
    OutputStream stdin = sh.getOutputStream();
    try (InputStream syncPipe = sh.getInputStream()) {
      sync = readLine(syncPipe);
      closeQuietly(stdin); // lets the shell exit (see class comment)
      shellExit = sh.waitFor();
      shellStderr = new String(sh.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      sh.destroyForcibly();
      throw BerthException.internal("cannot talk to conmon for container " + r.id() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      sh.destroyForcibly();
      Thread.currentThread().interrupt();
      throw BerthException.internal("interrupted while creating container " + r.id(), e);
    } finally {
      watchdog.interrupt();
      closeQuietly(stdin);
      closeQuietly(sh.getErrorStream());
    }

    SyncMessage msg = SyncMessage.parse(sync);
    if (msg.data() > 0) {
      int conmonPid = readPid(conmonPidFile).orElse(-1);
      return new Created(msg.data(), conmonPid, exitFile);
    }
    if (timedOut.get()) {
      cli.run("delete", "--force", r.id());
      throw new RuntimeFailure(125, "timed out after " + options.createTimeout().toSeconds()
          + "s waiting for " + name() + " to create container " + r.id());
    }
    if (!msg.message().isEmpty()) throw RuntimeFailure.of(RuntimeCli.errorMessage(msg.message()));
    String detail = !shellStderr.isEmpty() ? shellStderr
        : shellExit != 0 ? "exit status " + shellExit : "no pid reported";
    throw new RuntimeFailure(125, "conmon failed to create container " + r.id() + ": " + detail);
  }

  private List<String> command(CreateRequest r, Path pidFile, Path conmonPidFile) {
    List<String> c = new ArrayList<>(List.of("/bin/sh", "-c", SPAWN_SCRIPT, conmon.toString(),
        "--api-version", "1",
        "--cid", r.id(), "--cuuid", r.id(),
        "--runtime", runtime.toString(),
        "--bundle", r.bundle().toAbsolutePath().toString(),
        "--container-pidfile", pidFile.toAbsolutePath().toString(),
        "--conmon-pidfile", conmonPidFile.toAbsolutePath().toString(),
        "--log-path", "k8s-file:" + r.logFile().toAbsolutePath(),
        "--exit-dir", r.exitDir().toAbsolutePath().toString(),
        // The attach socket goes into the bundle; without --full-attach conmon would make a symlink
        // <socket-dir>/<cuuid> to keep the path under the 108-byte sun_path limit.
        "--full-attach", "--socket-dir-path", socketDir.toString(),
        "--log-level", options.conmonLogLevel()));
    if (!r.name().isEmpty()) c.addAll(List.of("--name", r.name()));
    for (String a : cli.globalArgs()) c.add("--runtime-arg=" + a);
    if (r.stdin()) c.add("--stdin");
    if (r.stdin() && r.leaveStdinOpen()) c.add("--leave-stdin-open");
    if (r.terminal()) c.add("--terminal");
    if (options.conmonSyslog()) c.add("--syslog");
    if (r.logSizeMax() > 0) c.addAll(List.of("--log-size-max", Long.toString(r.logSizeMax())));
    return c;
  }

  // ---- timeout -----------------------------------------------------------------------------------

  private void killOnTimeout(Process sh, Path conmonPidFile, AtomicBoolean timedOut) {
    try {
      Thread.sleep(options.createTimeout());
    } catch (InterruptedException done) {
      return;
    }
    timedOut.set(true);
    // conmon is not our descendant any more (its parent exited), so find it by its pid file. Killing
    // it closes the sync pipe (the reader sees EOF); runc create dies with it (conmon set PDEATHSIG).
    readPid(conmonPidFile).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
    sh.descendants().forEach(ProcessHandle::destroyForcibly);
  }

  // ---- other operations --------------------------------------------------------------------------

  @Override public void start(String id) {
    requireId(id);
    RuntimeCli.Result res = cli.run("start", id);
    if (res.ok()) return;
    throw failure(id, res.error());
  }

  @Override public void kill(String id, int signal, boolean all) {
    requireId(id);
    if (signal <= 0 || signal > 64) throw BerthException.invalid("invalid signal: %d", signal);
    RuntimeCli.Result res = all ? cli.run("kill", "--all", id, Integer.toString(signal))
        : cli.run("kill", id, Integer.toString(signal));
    if (res.ok()) return;
    throw failure(id, res.error());
  }

  /** {@code <runtime> exec --detach}; see {@link RuncExec} (crun takes the same flags). */
  @Override public ExecProcess exec(ExecRequest r) {
    requireId(r.containerId());
    return RuncExec.start(runtime, cli.globalArgs(), r);
  }

  /** Idempotent: deleting a container the runtime does not know is a no-op. */
  @Override public void delete(String id, boolean force) {
    requireId(id);
    RuntimeCli.Result res = force ? cli.run("delete", "--force", id) : cli.run("delete", id);
    if (res.ok() || notFound(res.error())) return;
    throw failure(id, res.error());
  }

  /**
   * berthd is a child subreaper ({@link io.berth.engine.sys.Processes}), so each conmon becomes our
   * child once its first process exits; reap the ones that have finished. Only processes named
   * conmon are touched: the JDK reaps the children it spawned itself.
   */
  @Override public void reapExited() {
    Path tasks = Path.of("/proc/self/task");
    try (var dirs = Files.newDirectoryStream(tasks)) {
      for (Path task : dirs) {
        String children;
        try {
          children = Files.readString(task.resolve("children")).trim();
        } catch (IOException gone) {
          continue; // the thread ended meanwhile
        }
        if (children.isEmpty()) continue;
        for (String pid : children.split("\\s+")) reapIfFinishedConmon(Integer.parseInt(pid));
      }
    } catch (IOException | RuntimeException e) {
      // /proc without the children files (CONFIG_PROC_CHILDREN): nothing we can do cheaply.
    }
  }

  private static void reapIfFinishedConmon(int pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      if (!stat.substring(open + 1, close).equals("conmon")) return;
      if (stat.charAt(close + 2) == 'Z') io.berth.engine.sys.Processes.reapIfExited(pid);
    } catch (IOException | RuntimeException gone) {
      // already reaped or not ours
    }
  }

  @Override public Optional<State> state(String id) {
    requireId(id);
    RuntimeCli.Result res = cli.run("state", id);
    if (!res.ok()) {
      if (notFound(res.error())) return Optional.empty();
      throw failure(id, res.error());
    }
    try {
      JsonNode n = Json.mapper().readTree(res.stdout());
      return Optional.of(new State(n.path("id").asText(id), n.path("status").asText("unknown"), n.path("pid").asInt(0)));
    } catch (IOException e) {
      throw BerthException.internal("cannot parse " + name() + " state of " + id, e);
    }
  }

  @Override public void pause(String id) {
    requireId(id);
    RuntimeCli.Result res = cli.run("pause", id);
    if (!res.ok()) throw failure(id, res.error());
  }

  @Override public void resume(String id) {
    requireId(id);
    RuntimeCli.Result res = cli.run("resume", id);
    if (!res.ok()) throw failure(id, res.error());
  }

  /** runc (and crun) list the pids of the container's cgroup as a JSON array, without running ps. */
  @Override public List<Integer> pids(String id) {
    requireId(id);
    RuntimeCli.Result res = cli.run("ps", "--format", "json", id);
    if (!res.ok()) throw failure(id, res.error());
    try {
      JsonNode n = Json.mapper().readTree(res.stdout());
      List<Integer> pids = new ArrayList<>();
      if (n != null && n.isArray()) n.forEach(p -> pids.add(p.asInt()));
      return List.copyOf(pids);
    } catch (IOException e) {
      throw BerthException.internal("cannot parse " + name() + " ps output of " + id, e);
    }
  }

  /** runc: "container does not exist"; crun: "... No such file or directory" on its status file. */
  private static boolean notFound(String error) {
    String m = error.toLowerCase(Locale.ROOT);
    return m.contains("does not exist") || m.contains("no such file or directory");
  }

  private static RuntimeException failure(String id, String error) {
    String m = error.toLowerCase(Locale.ROOT);
    if (notFound(error)) return BerthException.notFound("no such container: %s", id);
    if (m.contains("not running") || m.contains("process already finished")) {
      return BerthException.conflict("container %s is not running: %s", id, error);
    }
    if (m.contains("cannot start") || m.contains("not stopped") || m.contains("already running")) {
      return BerthException.conflict("container %s: %s", id, error);
    }
    return new RuntimeFailure(125, error);
  }

  private static void requireId(String id) {
    if (!ID.matcher(id).matches()) throw BerthException.invalid("invalid container id: %s", id);
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /** conmon's sync message: {@code {"data": <pid or -1>, "message": "<runtime stderr>"}}. */
  record SyncMessage(int data, String message) {
    static SyncMessage parse(String line) {
      if (line.isBlank()) return new SyncMessage(-1, "");
      try {
        JsonNode n = Json.mapper().readTree(line);
        return new SyncMessage(n.path("data").asInt(-1), n.path("message").asText(""));
      } catch (IOException e) {
        return new SyncMessage(-1, line.strip());
      }
    }
  }

  /** Reads up to the first newline; an empty string at EOF. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      buf.write(b);
      if (buf.size() > MAX_SYNC_MESSAGE) break;
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  static Optional<Integer> readPid(Path file) {
    try {
      return Optional.of(Integer.parseInt(Files.readString(file).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void closeQuietly(java.io.Closeable in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
