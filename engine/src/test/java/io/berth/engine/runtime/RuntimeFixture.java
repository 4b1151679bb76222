package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Per-test runtime environment under a temp dir: runc state root, exit dir, socket dir, bundles.
 * {@link #close} removes every container it created (runc delete --force), kills leftover conmons
 * (by pid) and removes the test cgroups, then asserts that nothing had been left behind.
 */
final class RuntimeFixture implements AutoCloseable {
  static final Path CONMON = Path.of("/usr/bin/conmon");
  static final Path RUNC = Path.of("/usr/sbin/runc");

  final Path dir;
  final Path rootfs;
  final Path runtimeRoot;
  final Path exitDir;
  final Path socketDir;
  final ConmonRuntime runtime;
  private final List<String> ids = new ArrayList<>();

  RuntimeFixture(Path dir, Path rootfs) {
    this.dir = dir;
    this.rootfs = rootfs;
    this.runtimeRoot = dir.resolve("exec/runc");
    this.exitDir = dir.resolve("exec/exits");
    this.socketDir = dir.resolve("exec/conmon");
    this.runtime = new ConmonRuntime(CONMON, RUNC, runtimeRoot, socketDir);
  }

  String newId() {
    String id = "bt" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    ids.add(id);
    return id;
  }

  Path bundle(String id) { return dir.resolve("containers").resolve(id); }

  OciRuntime.CreateRequest request(String id, List<String> args) throws IOException {
    return request(id, args, false);
  }

  OciRuntime.CreateRequest request(String id, List<String> args, boolean terminal) throws IOException {
    Path b = TestBundles.bundle(bundle(id), rootfs, id, args, terminal);
    return new OciRuntime.CreateRequest(id, id, b, b.resolve("ctr.log"), exitDir, b, terminal, false);
  }

  Path exitFile(String id) { return exitDir.resolve(id); }

  /** Waits for conmon's exit file and returns its code. */
  int awaitExit(String id, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      var code = ExitWatcher.readExitCode(exitFile(id));
      if (code.isPresent()) return code.get();
      Thread.sleep(5);
    }
    throw new AssertionError("no exit file for " + id + " within " + timeout);
  }

  /** Live conmon processes (zombies have no cmdline) whose --cid is {@code id}. */
  static List<ProcessHandle> conmonsOf(String id) {
    List<ProcessHandle> out = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path p : procs) {
        try {
          String[] argv = new String(Files.readAllBytes(p.resolve("cmdline"))).split("\0");
          if (argv.length == 0 || !argv[0].endsWith("conmon")) continue;
          for (int i = 0; i + 1 < argv.length; i++) {
            if ((argv[i].equals("--cid") || argv[i].equals("-c")) && argv[i + 1].equals(id)) {
              ProcessHandle.of(Long.parseLong(p.getFileName().toString())).ifPresent(out::add);
            }
          }
        } catch (IOException gone) {
          // exited while we looked
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  static List<Path> cgroupDirs(String id) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ctrls = Files.newDirectoryStream(Path.of("/sys/fs/cgroup"))) {
      for (Path c : ctrls) {
        Path d = c.resolve("berth-test").resolve(id);
        if (Files.isDirectory(d)) out.add(d);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  @Override public void close() throws IOException {
    List<String> leftovers = new ArrayList<>();
    for (String id : ids) {
      // conmon exits right after writing the exit file; give it a moment.
      Instant deadline = Instant.now().plusSeconds(3);
      while (!conmonsOf(id).isEmpty() && Instant.now().isBefore(deadline)) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      for (ProcessHandle h : conmonsOf(id)) {
        leftovers.add("conmon " + h.pid() + " of " + id);
        h.destroyForcibly();
      }
      if (runtime.state(id).isPresent()) leftovers.add("runc state of " + id);
      runtime.delete(id, true);
      for (Path cg : cgroupDirs(id)) {
        leftovers.add("cgroup " + cg);
        Files.deleteIfExists(cg);
      }
    }
    try (DirectoryStream<Path> ctrls = Files.newDirectoryStream(Path.of("/sys/fs/cgroup"))) {
      for (Path c : ctrls) {
        try {
          Files.deleteIfExists(c.resolve("berth-test")); // only succeeds when empty: other tests may share it
        } catch (IOException busy) {
          // another test's container is still there
        }
      }
    }
    assertThat(leftovers).as("left behind by the test").isEmpty();
  }
}
