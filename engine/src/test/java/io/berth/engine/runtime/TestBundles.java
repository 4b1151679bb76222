package io.berth.engine.runtime;

import io.berth.oci.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Builds OCI bundles for tests: a busybox rootfs shared by many bundles, and a hand-written config. */
final class TestBundles {
  private TestBundles() {}

  static final List<String> APPLETS = List.of("sh", "true", "false", "echo", "sleep", "cat", "printf", "ls");

  /** A read-only-usable rootfs: /bin/busybox (the host's static one), applet links, mount points. */
  static Path rootfs(Path dir) throws IOException {
    Path root = Files.createDirectories(dir.resolve("rootfs"));
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
    for (String a : APPLETS) Files.createSymbolicLink(bin.resolve(a), Path.of("busybox"));
    for (String d : List.of("proc", "dev", "sys", "tmp", "etc")) Files.createDirectories(root.resolve(d));
    // A file that exists but is not executable: exec must fail with EACCES (exit code hint 126).
    Path noexec = bin.resolve("noexec");
    Files.writeString(noexec, "#!/bin/sh\necho never\n");
    Files.setPosixFilePermissions(noexec, PosixFilePermissions.fromString("rw-r--r--"));
    return root;
  }

  /** A bundle dir with config.json running {@code args} in {@code rootfs}, cgroup /berth-test/<id>. */
  static Path bundle(Path dir, Path rootfs, String id, List<String> args, boolean terminal) throws IOException {
    Files.createDirectories(dir);
    String config = """
        {
          "ociVersion": "1.0.2",
          "process": {
            "terminal": %s,
            "user": {"uid": 0, "gid": 0},
            "args": %s,
            "env": ["PATH=/bin", "TERM=xterm"],
            "cwd": "/",
            "noNewPrivileges": true
          },
          "root": {"path": %s, "readonly": true},
          "hostname": "test",
          "mounts": [
            {"destination": "/proc", "type": "proc", "source": "proc"},
            {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
            {"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]}
          ],
          "linux": {
            "namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "uts"}, {"type": "ipc"}, {"type": "network"}],
            "cgroupsPath": "/berth-test/%s"
          }
        }
        """.formatted(terminal, Json.string(args), Json.string(rootfs.toAbsolutePath().toString()), id);
    Files.writeString(dir.resolve("config.json"), config);
    return dir;
  }
}
