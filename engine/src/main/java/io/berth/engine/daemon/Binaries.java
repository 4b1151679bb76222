package io.berth.engine.daemon;

import io.berth.oci.errors.BerthException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds helper programs (runc, crun, conmon) on PATH and in the places distributions put them. */
final class Binaries {
  private static final List<String> EXTRA = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
      "/sbin", "/bin", "/usr/libexec/podman", "/usr/lib/podman");

  private Binaries() {}

  static Optional<Path> lookup(String name) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) dirs.addAll(List.of(path.split(File.pathSeparator)));
    dirs.addAll(EXTRA);
    for (String d : dirs) {
      if (d.isEmpty()) continue;
      Path p = Path.of(d, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  static Path find(String name) {
    return lookup(name).orElseThrow(() -> new BerthException.Unavailable(
        name + " not found: install it (scripts/install-deps does) or put it on PATH", null));
  }
}
