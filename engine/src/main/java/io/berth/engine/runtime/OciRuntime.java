package io.berth.engine.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An OCI runtime (runc, crun) driven under conmon, which holds the container's stdio, writes its log
 * and records its exit status, so that containers outlive berthd.
 *
 * <p>Lifecycle per container: {@link #create} (conmon is spawned and runs {@code <runtime> create};
 * returns once the runtime created the container, or throws with the runtime's message) →
 * {@link #start} → the process runs → it exits and conmon writes the exit file
 * ({@link Created#exitFile()}) → {@link #delete}. {@link #kill} may be sent any time between create
 * and delete. All state lives on disk (bundle dir, runtime root under the exec root), so a new
 * berthd process can re-adopt containers with {@link #state}.
 *
 * <p>Thread-safety: calls for different containers may run concurrently; calls for one container are
 * serialised by the caller.
 *
 * <p>Errors: {@link RuntimeFailure} carrying the runtime's own message (e.g. {@code exec: "nope":
 * executable file not found in $PATH}) and a Docker-style exit code hint (126/127/125);
 * {@code BerthException.NotFound} ("no such container: <id>") from start/kill of a container the
 * runtime does not know; {@code BerthException.Conflict} when the container is in the wrong state
 * (kill of a stopped one, start of a running or stopped one, delete without force of a running one);
 * {@code BerthException.InvalidArgument} for ids outside {@code [A-Za-z0-9][A-Za-z0-9_-]*}.
 */
public interface OciRuntime {

  /**
   * What conmon needs to create one container. {@code leaveStdinOpen}: the container's stdin stays
   * open when an attached client's input ends (Docker closes it only for StdinOnce without a TTY);
   * {@code logSizeMax} &gt; 0 has conmon replace the log with an empty one when it would grow past
   * that (used for output that is not kept).
   */
  record CreateRequest(String id, String name, Path bundle, Path logFile, Path exitDir, Path pidDir,
      boolean terminal, boolean stdin, boolean leaveStdinOpen, long logSizeMax) {
    public CreateRequest(String id, String name, Path bundle, Path logFile, Path exitDir, Path pidDir,
        boolean terminal, boolean stdin) {
      this(id, name, bundle, logFile, exitDir, pidDir, terminal, stdin, true, -1);
    }
  }

  /** A created container: its init pid, conmon's pid, and the file conmon writes the exit code to. */
  record Created(int pid, int conmonPid, Path exitFile) {}

  /** The runtime's view of a container ({@code runc state}). */
  record State(String id, String status, int pid) {}

  /**
   * One process to start in a running container ({@link #exec}).
   *
   * @param containerId the container, as given to {@link #create}
   * @param processFile an OCI {@code process} document (config.md "Process"); its {@code terminal}
   *                    must equal {@code terminal}
   * @param workDir     a private directory for the runtime's files of this exec (log, pid file,
   *                    console socket): keep its path short, a unix socket lives in it
   * @param stdin       give the process a stdin pipe (without a terminal; otherwise /dev/null)
   * @param output      give the process stdout/stderr pipes (without a terminal; otherwise discarded)
   */
  record ExecRequest(String containerId, Path processFile, Path workDir, boolean terminal, boolean stdin,
      boolean output) {}

  /** The runtime's name ({@code runc}, {@code crun}) and version line. */
  String name();

  String version();

  Created create(CreateRequest request);

  void start(String id);

  /** Sends {@code signal} (a number) to the init process, or to all processes when {@code all}. */
  void kill(String id, int signal, boolean all);

  /**
   * Deletes the runtime's record and the container's cgroup; {@code force} kills it first. Deleting
   * a container the runtime does not know is a no-op.
   */
  void delete(String id, boolean force);

  /**
   * Starts a process in the running container {@code request.containerId()} (Docker's exec) and
   * returns once it runs. berthd must be a child subreaper: the runtime detaches and the process is
   * re-parented to berthd, which collects its exit status ({@link ExecProcess#exit()}). Throws
   * {@link RuntimeFailure} with the runtime's message when the process could not be started (a
   * missing executable, a bad working directory, a stopped container).
   */
  ExecProcess exec(ExecRequest request);

  /** The runtime's state; empty when it does not know the container. */
  Optional<State> state(String id);

  /** Freezes every process of the container (cgroup freezer: {@code runc pause}). */
  void pause(String id);

  /** Thaws a paused container ({@code runc resume}). */
  void resume(String id);

  /** The host pids of the container's processes, from its cgroup ({@code runc ps --format json}). */
  List<Integer> pids(String id);

  /**
   * Collects finished supervisor processes (conmon) that were re-parented to berthd, so none is
   * left as a zombie; called after exits. Never blocks.
   */
  default void reapExited() {}
}
