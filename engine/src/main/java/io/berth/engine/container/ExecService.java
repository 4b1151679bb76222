package io.berth.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.container.spec.ExecProcessSpec;
import io.berth.engine.container.spec.UserResolver;
import io.berth.engine.runtime.ExecProcess;
import io.berth.engine.runtime.OciRuntime;
import io.berth.engine.runtime.RuntimeFailure;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.runtime.Process;
import io.berth.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Docker's exec use cases: create an exec instance in a running container, start it (the process is
 * built from the container's own, see {@link ExecProcessSpec}, and run by {@link OciRuntime#exec}),
 * look it up, resize its terminal. Publishes {@code exec_create: <cmd>}, {@code exec_start: <cmd>}
 * and {@code exec_die} (with {@code execID}, and {@code exitCode} for the last) as Docker does.
 *
 * <p>Instances live in memory only (as in Docker, they do not survive a daemon restart). A finished
 * or never started instance is dropped {@link #KEEP} after its last activity, and with its
 * container. Per exec, the runtime gets a private directory under {@code <exec-root>/exec}.
 *
 * <p>Thread-safe.
 */
public final class ExecService {
  /** How long an exited (or never started) instance stays inspectable; Docker's GC takes 5–10 min. */
  static final Duration KEEP = Duration.ofMinutes(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ContainerService containers;
  private final OciRuntime runtime;
  private final Path workRoot;
  private final Set<String> hostBounding;
  private final Map<String, ExecInstance> execs = new ConcurrentHashMap<>();

  /** A started exec: its process (stdio) and the instance (exit recorded via {@link ExecInstance#done()}). */
  public record Started(ExecInstance instance, ExecProcess process) {}

  /**
   * @param workRoot     where per-exec runtime directories go ({@code <exec-root>/exec}); emptied now,
   *                     since no exec survives a restart
   * @param hostBounding the host's capability bounding set, for {@code --privileged} execs
   */
  public ExecService(ContainerService containers, OciRuntime runtime, Path workRoot, Set<String> hostBounding) {
    this.containers = containers;
    this.runtime = runtime;
    this.workRoot = workRoot;
    this.hostBounding = Set.copyOf(hostBounding);
    try {
      AtomicFiles.deleteRecursively(workRoot);
      Files.createDirectories(workRoot);
    } catch (IOException e) {
      throw BerthException.internal("cannot prepare " + workRoot + ": " + e.getMessage(), e);
    }
  }

  // ---- create / lookup ---------------------------------------------------------------------------

  /** Registers an exec in the running container {@code ref}; checks {@code -u} against its passwd now. */
  public ExecInstance create(String ref, ExecConfig config) {
    Container c = containers.get(ref);
    requireActive(c, ref);
    if (!config.user().isEmpty()) {
      UserResolver.resolve(containers.paths().rootfs(c.id()), config.user(), c.config().host().groupAdd());
    }
    return register(c, config, false);
  }

  /** An exec for a healthcheck probe: not listed by the API once done, dropped when it ends. */
  public ExecInstance createProbe(Container c, List<String> cmd) {
    return register(c, ExecConfig.probe(cmd), true);
  }

  private ExecInstance register(Container c, ExecConfig config, boolean internal) {
    sweep();
    ExecInstance e = new ExecInstance(newId(), c.id(), config.withContainerDefaults(c.config()), internal);
    execs.put(e.id(), e);
    containers.publish(c, "exec_create: " + e.config().eventText(), Map.of("execID", e.id()));
    return e;
  }

  /** The instance, or Docker's 404 ("No such exec instance: x"); also 404 once its container is gone. */
  public ExecInstance get(String id) {
    ExecInstance e = execs.get(id);
    if (e == null || containers.find(e.containerId()).isEmpty()) {
      if (e != null) execs.remove(id);
      throw BerthException.notFound("No such exec instance: %s", id);
    }
    return e;
  }

  /** Docker's checks before a start or resize: the container must still run, unpaused. */
  public ExecInstance getActive(String id) {
    ExecInstance e = get(id);
    Container c = containers.find(e.containerId())
        .orElseThrow(() -> BerthException.notFound("No such container: %s", id));
    requireActive(c, c.id());
    return e;
  }

  /** IDs of the container's execs that have not exited (Docker's {@code ExecIDs}). */
  public List<String> activeIds(String containerId) {
    return execs.values().stream()
        .filter(e -> e.containerId().equals(containerId) && e.phase() != ExecInstance.Phase.EXITED)
        .map(ExecInstance::id).sorted().toList();
  }

  private static void requireActive(Container c, String ref) {
    switch (c.state().status()) {
      case RUNNING -> { }
      case PAUSED -> throw BerthException.conflict("Container %s is paused, unpause the container before exec", ref);
      case RESTARTING -> throw BerthException.conflict("Container %s is restarting, wait until the container is running", c.id());
      default -> throw BerthException.conflict("container %s is not running", c.id());
    }
  }

  // ---- start ---------------------------------------------------------------------------------------

  /**
   * Starts {@code e}. {@code consoleSize} (from the start request) wins over the one given at create.
   * A {@code detached} start gives the process no stdin and discards its output (Docker's
   * {@code Detach: true}); otherwise the caller reads {@link Started#process()}'s streams.
   *
   * @throws BerthException.Conflict when it was started before
   * @throws ExecStartFailure when the runtime could not start the process (exit code recorded)
   */
  public Started start(ExecInstance e, Optional<Process.ConsoleSize> consoleSize, boolean detached) {
    if (!e.claimStart()) {
      requireNotStarted(e);
      throw BerthException.conflict("exec command %s is already running", e.id());
    }
    Container c = containers.find(e.containerId())
        .orElseThrow(() -> BerthException.notFound("No such container: %s", e.containerId()));
    ExecConfig cfg = e.config();
    containers.publish(c, "exec_start: " + cfg.eventText(), Map.of("execID", e.id()));
    Path work = workRoot.resolve(e.id().substring(0, 16));
    ExecProcess p;
    try {
      Files.createDirectories(work);
      Process spec = ExecProcessSpec.build(containerInput(c), new ExecProcessSpec.ExecInput(cfg.cmd(), cfg.env(),
          cfg.user(), cfg.workingDir(), cfg.tty(), cfg.privileged(), consoleSize.or(cfg::consoleSize)));
      Path file = work.resolve("process.json");
      Files.write(file, Json.bytes(spec));
      p = runtime.exec(new OciRuntime.ExecRequest(c.id(), file, work, cfg.tty(), cfg.attachStdin() && !detached,
          (cfg.attachStdout() || cfg.attachStderr()) && !detached));
    } catch (RuntimeFailure f) {
      ExecStartFailure failure = ExecStartFailure.of(f.getMessage());
      finish(e, work, failure.exitCode(), Optional.empty());
      throw failure;
    } catch (IOException | RuntimeException ex) {
      // Docker's default when a start fails without an exit code: 126
      finish(e, work, 126, Optional.empty());
      if (ex instanceof RuntimeException re) throw re;
      throw BerthException.internal("cannot start exec " + e.id() + ": " + ex.getMessage(), ex);
    }
    e.started(p);
    if (detached) discardTerminal(p);
    p.exit().whenComplete((code, err) -> {
      finish(e, work, code == null ? -1 : code, Optional.of(c));
      if (detached) p.close();
    });
    return new Started(e, p);
  }

  /** Docker's 409s for a second start. */
  public void requireNotStarted(ExecInstance e) {
    switch (e.phase()) {
      case CREATED -> { }
      case RUNNING -> throw BerthException.conflict("exec command %s is already running", e.id());
      case EXITED -> throw BerthException.conflict("exec command %s has already run", e.id());
    }
  }

  /** Nobody reads a detached exec's terminal: drain it, or the process blocks once the pty buffer is full. */
  private static void discardTerminal(ExecProcess p) {
    if (!p.terminal()) return;
    Thread.ofPlatform().daemon().name("exec-discard-" + p.pid()).start(() -> {
      try {
        p.stdout().transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException closed) {
        // the exec ended
      }
    });
  }

  /** The client detached from {@code e} with its detach keys; the process keeps running (Docker's exec_detach). */
  public void detached(ExecInstance e) {
    containers.find(e.containerId()).ifPresent(c -> containers.publish(c, "exec_detach", Map.of("execID", e.id())));
  }

  private void finish(ExecInstance e, Path work, int code, Optional<Container> dieEventFor) {
    try {
      AtomicFiles.deleteRecursively(work);
    } catch (IOException ignored) {
      // <exec-root>/exec is emptied at the next start anyway
    }
    dieEventFor.ifPresent(c -> containers.publish(c, "exec_die",
        Map.of("execID", e.id(), "exitCode", Integer.toString(code))));
    if (e.internal()) execs.remove(e.id());
    e.exited(code);
  }

  private ExecProcessSpec.ContainerInput containerInput(Container c) throws IOException {
    JsonNode bundle = Json.mapper().readTree(containers.paths().bundle(c.id()).resolve("config.json").toFile());
    Process process = Json.mapper().treeToValue(bundle.path("process"), Process.class);
    return new ExecProcessSpec.ContainerInput(process, containers.paths().rootfs(c.id()), c.config().hostname(),
        c.config().env(), c.config().host().groupAdd(), hostBounding);
  }

  /** Resizes the exec's terminal (remembered if it has not started yet). */
  public void resize(String id, int height, int width) {
    getActive(id).resize(height, width);
  }

  // ---- housekeeping ----------------------------------------------------------------------------

  private void sweep() {
    Instant cutoff = Instant.now().minus(KEEP);
    execs.values().removeIf(e -> e.phase() != ExecInstance.Phase.RUNNING && e.lastActivity().isBefore(cutoff));
  }

  private static String newId() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * The runtime could not start the exec's process. The message and exit code follow moby's
   * {@code setExitCodeFromError}: 126 when the command cannot be invoked, 127 when it does not exist,
   * 128 otherwise; the text is what containerd reports ({@code OCI runtime exec failed: ...: unknown}).
   */
  public static final class ExecStartFailure extends RuntimeException {
    private final int exitCode;

    ExecStartFailure(int exitCode, String message) {
      super(message);
      this.exitCode = exitCode;
    }

    static ExecStartFailure of(String runtimeMessage) {
      String desc = "OCI runtime exec failed: " + runtimeMessage + ": unknown";
      String m = desc.toLowerCase(Locale.ROOT);
      if (m.contains("permission denied")) return new ExecStartFailure(126, desc);
      if (m.contains("is a directory")) return new ExecStartFailure(126, desc + ": permission denied");
      if (m.contains("not a directory")) {
        return new ExecStartFailure(127, desc + ": Are you trying to mount a directory onto a file (or vice-versa)? "
            + "Check if the specified host path exists and is the expected type");
      }
      if (m.contains("executable file not found") || m.contains("no such file or directory")
          || m.contains("system cannot find the file specified") || m.contains("failed to run runc create/exec call")) {
        return new ExecStartFailure(127, desc);
      }
      return new ExecStartFailure(128, desc);
    }

    public int exitCode() { return exitCode; }

    /** As an API error (a detached start answers with it): 400 for 126/127, 500 otherwise. */
    public BerthException asApiError() {
      return exitCode == 128 ? BerthException.internal(getMessage(), this) : new BerthException.InvalidArgument(getMessage(), this);
    }
  }
}
