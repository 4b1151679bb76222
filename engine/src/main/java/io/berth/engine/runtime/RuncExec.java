package io.berth.engine.runtime;

import io.berth.engine.sys.ConsoleSocket;
import io.berth.engine.sys.FdIo;
import io.berth.engine.sys.Processes;
import io.berth.oci.errors.BerthException;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code <runtime> exec --detach}: starts a process in a running container and hands back its stdio
 * and exit, with no runtime process left behind while it runs.
 *
 * <h2>Why detached</h2>
 * <ul>
 *   <li>A terminal needs it: runc passes the pty master to {@code --console-socket} only when it
 *       detaches (otherwise it wants a terminal of its own on its stdio, which berthd has not).</li>
 *   <li>The exec'd process is the runtime's child (runc clones it with CLONE_PARENT); when the
 *       runtime exits, the process is re-parented to berthd, which is a child subreaper. berthd then
 *       waits for it itself and gets its real exit status, also when it left background children
 *       holding its output open (runc in the foreground would wait for those).</li>
 * </ul>
 *
 * <h2>Stdio without a terminal</h2>
 * The process inherits the runtime's stdio. Those are pipes made here ({@link FdIo#pipe}) and given to
 * the runtime through {@code /proc/self/fd/N} redirects, not the JDK's own process pipes: the JDK
 * drains and closes a child's pipes as soon as that child (the runtime) exits, which would cut the
 * exec'd process's output. Our ends are opened as ordinary Java streams the same way.
 *
 * <h2>Errors</h2>
 * The runtime logs to {@code <workDir>/runtime.log} (JSON); a failed start (runtime exit ≠ 0, no pid
 * file) throws {@link RuntimeFailure} with the runtime's message, e.g. {@code exec failed: unable to
 * start container process: exec: "nope": executable file not found in $PATH}. Whatever the runtime
 * printed on the process's stdio before the process existed is discarded with the pipes.
 */
final class RuncExec implements ExecProcess {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  static {
    // The exec'd process is re-parented to the nearest subreaper; without this, to pid 1.
    Processes.becomeSubreaper();
  }

  private final int pid;
  private final boolean terminal;
  private final OutputStream stdin;
  private final InputStream stdout;
  private final InputStream stderr;
  private final PtyMaster master;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final Object reapLock = new Object();
  private boolean reaped;

  private RuncExec(int pid, boolean terminal, OutputStream stdin, InputStream stdout, InputStream stderr, PtyMaster master) {
    this.pid = pid;
    this.terminal = terminal;
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
    this.master = master;
    Thread.ofPlatform().daemon().name("exec-wait-" + pid).start(this::awaitExit);
  }

  /**
   * Runs {@code <runtime> <globalArgs> --log <workDir>/runtime.log exec -d ...} for {@code r}; returns
   * once the process runs.
   */
  static ExecProcess start(Path runtime, List<String> globalArgs, OciRuntime.ExecRequest r) {
    Path work = r.workDir();
    Path log = work.resolve("runtime.log");
    Path pidFile = work.resolve("pid");
    List<AutoCloseable> cleanup = new ArrayList<>();
    List<Integer> rawFds = new ArrayList<>();
    try {
      Files.createDirectories(work);
      List<String> cmd = new ArrayList<>(List.of(runtime.toString()));
      cmd.addAll(globalArgs);
      cmd.addAll(List.of("--log", log.toString(), "exec", "--detach", "--pid-file", pidFile.toString(),
          "--process", r.processFile().toString()));
      ProcessBuilder pb = new ProcessBuilder().redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().clear();
      pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

      ConsoleSocket console = null;
      OutputStream stdin = OutputStream.nullOutputStream();
      InputStream stdout = InputStream.nullInputStream();
      InputStream stderr = InputStream.nullInputStream();
      if (r.terminal()) {
        console = ConsoleSocket.listen(work.resolve("tty.sock"));
        cleanup.add(console);
        cmd.addAll(List.of("--console-socket", console.path().toString()));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD); // runc's own errors: read from its log
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
      } else {
        if (r.stdin()) {
          int[] p = pipe(rawFds);
          stdin = open(new FileOutputStream(FdIo.procPath(p[1]).toFile()), cleanup);
          pb.redirectInput(ProcessBuilder.Redirect.from(FdIo.procPath(p[0]).toFile()));
        }
        if (r.output()) {
          int[] out = pipe(rawFds);
          int[] err = pipe(rawFds);
          stdout = open(new FileInputStream(FdIo.procPath(out[0]).toFile()), cleanup);
          stderr = open(new FileInputStream(FdIo.procPath(err[0]).toFile()), cleanup);
          pb.redirectOutput(ProcessBuilder.Redirect.to(FdIo.procPath(out[1]).toFile()));
          pb.redirectError(ProcessBuilder.Redirect.to(FdIo.procPath(err[1]).toFile()));
        } else {
          pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
          pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
      }
      cmd.add(r.containerId());
      pb.command(cmd);

      Process runc;
      try {
        runc = pb.start();
      } finally {
        // Our streams and the runtime hold the pipes now: EOF must come once the process is done.
        rawFds.forEach(FdIo::close);
        rawFds.clear();
      }
      if (!runc.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        runc.destroyForcibly();
        throw new RuntimeFailure(125, "timed out after " + START_TIMEOUT.toSeconds() + "s waiting for "
            + runtime.getFileName() + " exec in container " + r.containerId());
      }
      int rc = runc.exitValue();
      if (rc != 0 || !Files.exists(pidFile)) {
        String diagnostics = Files.exists(log) ? Files.readString(log) : "";
        throw RuntimeFailure.of(diagnostics.isBlank() ? runtime.getFileName() + " exec failed with exit status " + rc
            : RuntimeCli.errorMessage(diagnostics));
      }
      int pid = Integer.parseInt(Files.readString(pidFile).strip());
      PtyMaster master = null;
      if (console != null) {
        try {
          master = new PtyMaster(console.receive(Duration.ofSeconds(5)));
        } catch (IOException e) {
          // a process without its terminal is of no use to anyone: do not leave it behind
          FdIo.kill(pid, 9);
          throw e;
        }
        stdin = master.output();
        stdout = master.input();
        console.close();
      }
      return new RuncExec(pid, r.terminal(), stdin, stdout, stderr, master);
    } catch (IOException e) {
      rawFds.forEach(FdIo::close);
      closeAll(cleanup);
      throw BerthException.internal("cannot exec in container " + r.containerId() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      closeAll(cleanup);
      Thread.currentThread().interrupt();
      throw BerthException.internal("interrupted while starting an exec in " + r.containerId(), e);
    } catch (RuntimeException e) {
      rawFds.forEach(FdIo::close);
      closeAll(cleanup);
      throw e;
    }
  }

  /** A close-on-exec pipe whose raw descriptors are closed once the runtime is spawned. */
  private static int[] pipe(List<Integer> rawFds) throws IOException {
    int[] p = FdIo.pipe();
    rawFds.add(p[0]);
    rawFds.add(p[1]);
    return p;
  }

  private static <T extends AutoCloseable> T open(T stream, List<AutoCloseable> cleanup) {
    cleanup.add(stream);
    return stream;
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable c : resources.reversed()) {
      try {
        c.close();
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  private void awaitExit() {
    try {
      FdIo.awaitExitWithoutReaping(pid);
      int code;
      synchronized (reapLock) {
        code = FdIo.waitExit(pid);
        reaped = true;
      }
      exit.complete(code);
    } catch (IOException | RuntimeException e) {
      // ECHILD: not our child (berthd is not a subreaper); watch /proc instead, the code is unknown.
      while (Files.exists(Path.of("/proc", Integer.toString(pid)))) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          break;
        }
      }
      synchronized (reapLock) {
        reaped = true;
      }
      exit.complete(-1);
    }
  }

  @Override public int pid() { return pid; }

  @Override public boolean terminal() { return terminal; }

  @Override public OutputStream stdin() { return stdin; }

  @Override public InputStream stdout() { return stdout; }

  @Override public InputStream stderr() { return stderr; }

  @Override public void resize(int height, int width) throws IOException {
    if (master != null && height > 0 && width > 0) master.resize(height, width);
  }

  @Override public CompletableFuture<Integer> exit() { return exit; }

  @Override public void signal(int signal) throws IOException {
    synchronized (reapLock) {
      if (!reaped) FdIo.kill(pid, signal);
    }
  }

  @Override public void close() {
    closeQuietly(stdin);
    closeQuietly(stdout);
    closeQuietly(stderr);
    if (master != null) master.close();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // already closed
    }
  }

}
