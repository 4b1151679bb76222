package io.berth.engine.container;

import io.berth.engine.runtime.OciRuntime;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The lifecycle operations beside create/start/stop/kill/rm, with Docker's checks, messages and
 * events: restart, pause and unpause (the runtime's cgroup freezer), rename, and top.
 *
 * <p>State changes happen under the container's lock of {@link ContainerService}, which owns the
 * other transitions. A signal sent to a paused container is delivered only once its processes are
 * thawed (the cgroup v1 freezer holds even SIGKILL), so stop, kill and {@code rm -f} thaw it after
 * signalling ({@link #thawIfPaused}), as dockerd does.
 */
public final class ContainerLifecycle {
  private final ContainerService containers;
  private final ContainerStore store;
  private final OciRuntime runtime;
  private final RestartManager restarts;
  private final ContainerTop top;

  ContainerLifecycle(ContainerService containers, ContainerStore store, OciRuntime runtime, RestartManager restarts) {
    this.containers = containers;
    this.store = store;
    this.runtime = runtime;
    this.restarts = restarts;
    this.top = new ContainerTop(runtime);
  }

  // ---- restart ---------------------------------------------------------------------------------

  /**
   * Docker's restart: stop (with the timeout and signal given, as {@code stop}) when it is running,
   * then start; works on stopped containers too. The stop's exit is not handled by the restart
   * policy nor by {@code --rm}. Failures read "Cannot restart container X: ...".
   */
  public void restart(String ref, Optional<Integer> timeoutSeconds, Optional<String> signal) throws IOException {
    Container c = containers.get(ref);
    String id = c.id();
    try {
      signal.ifPresent(Signals::parse); // an unknown signal is a 400 before anything happens
      restarts.manualRestart(id, true);
      if (c.state().dockerRunning()) {
        try {
          containers.stop(id, timeoutSeconds, signal);
        } catch (BerthException.NotModified alreadyStopped) {
          // it exited meanwhile: start it all the same
        }
      }
      try {
        containers.start(id);
      } catch (BerthException.NotModified alreadyRunning) {
        // dockerd's restart ignores a container that runs again (its start with a reset is a no-op)
      }
    } catch (BerthException e) {
      throw prefixed(e, "Cannot restart container " + ref + ": ");
    } finally {
      if (containers.find(id).isPresent()) restarts.manualRestart(id, false);
    }
    containers.publish(containers.get(id), "restart", Map.of());
  }

  private static BerthException prefixed(BerthException e, String prefix) {
    String m = prefix + e.getMessage();
    return switch (e) {
      case BerthException.NotFound x -> new BerthException.NotFound(m);
      case BerthException.Conflict x -> new BerthException.Conflict(m);
      case BerthException.InvalidArgument x -> new BerthException.InvalidArgument(m, e);
      default -> BerthException.internal(m, e);
    };
  }

  // ---- pause / unpause -------------------------------------------------------------------------

  /** Freezes the container's processes; 409 unless it is running. Event {@code pause}. */
  public void pause(String ref) {
    String id = containers.get(ref).id();
    containers.withLock(id, () -> {
      Container c = containers.get(id);
      switch (c.state().status()) {
        case RUNNING -> { }
        case PAUSED -> throw BerthException.conflict("Container %s is already paused", id);
        case RESTARTING -> throw restarting(id);
        default -> throw BerthException.conflict("Container %s is not running", id);
      }
      try {
        runtime.pause(id);
      } catch (RuntimeException e) {
        throw BerthException.internal("Cannot pause container " + id + ": " + e.getMessage(), e);
      }
      store.updateState(id, c.state().paused());
      containers.publish(c, "pause", Map.of());
      return null;
    });
  }

  /** Thaws a paused container; 409 unless it is paused. Event {@code unpause}. */
  public void unpause(String ref) {
    String id = containers.get(ref).id();
    containers.withLock(id, () -> {
      Container c = containers.get(id);
      if (c.state().status() != ContainerState.Status.PAUSED) {
        throw BerthException.conflict("Container %s is not paused", id);
      }
      try {
        runtime.resume(id);
      } catch (RuntimeException e) {
        throw BerthException.internal("Cannot unpause container " + id + ": " + e.getMessage(), e);
      }
      store.updateState(id, c.state().unpaused());
      containers.publish(c, "unpause", Map.of());
      return null;
    });
  }

  /** After a signal was sent: thaws a paused container so its processes receive it. */
  void thawIfPaused(String id) {
    containers.withLock(id, () -> {
      Optional<Container> oc = store.get(id);
      if (oc.isEmpty() || oc.get().state().status() != ContainerState.Status.PAUSED) return null;
      try {
        runtime.resume(id);
      } catch (RuntimeException e) {
        System.err.println("berthd: cannot unpause container " + id + " after signalling it: " + e.getMessage());
        return null;
      }
      store.updateState(id, oc.get().state().unpaused());
      containers.publish(oc.get(), "unpause", Map.of());
      return null;
    });
  }

  static BerthException restarting(String id) {
    return BerthException.conflict("Container %s is restarting, wait until the container is running", id);
  }

  // ---- rename ----------------------------------------------------------------------------------

  /** Docker's rename: names are unique; event {@code rename} with the old name ("/old") as {@code oldName}. */
  public void rename(String ref, String newName) {
    String oldRef = ref.strip();
    String wanted = newName.strip();
    if (strip(oldRef).isEmpty() || strip(wanted).isEmpty()) {
      throw BerthException.invalid("Neither old nor new names may be empty");
    }
    String id = containers.get(oldRef).id();
    String name = strip(wanted);
    containers.withLock(id, () -> {
      Container c = containers.get(id);
      if (c.name().equals(name)) throw BerthException.invalid("Renaming a container with the same name as its current name");
      if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
        throw BerthException.invalid("Error when allocating new name: Invalid container name (/%s), only "
            + "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", name);
      }
      try {
        store.rename(id, name);
      } catch (BerthException.Conflict e) {
        throw new BerthException.Conflict("Error when allocating new name: " + e.getMessage());
      }
      Container renamed = new Container(c.id(), name, c.created(), c.imageId(), c.config(), c.state());
      containers.publish(renamed, "rename", Map.of("oldName", "/" + c.name()));
      return null;
    });
  }

  private static String strip(String name) {
    return name.startsWith("/") ? name.substring(1) : name;
  }

  // ---- top -------------------------------------------------------------------------------------

  /** Docker's top: the host's {@code ps} rows of the container's processes; 409 unless it runs. */
  public ContainerTop.Result top(String ref, String psArgs) {
    Container c = containers.get(ref);
    switch (c.state().status()) {
      case RUNNING, PAUSED -> { }
      case RESTARTING -> throw restarting(c.id());
      default -> throw BerthException.conflict("Container %s is not running", c.id());
    }
    return top.run(c.id(), psArgs);
  }
}
