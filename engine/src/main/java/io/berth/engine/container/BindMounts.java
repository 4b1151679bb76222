package io.berth.engine.container;

import io.berth.oci.errors.BerthException;
import io.berth.oci.runtime.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a container's bind mounts into OCI mounts at start. As Docker does for {@code -v}, a missing
 * host directory is created (mode 0755) at this point; a {@code --mount} source had to exist at create.
 * The runtime creates the destination inside the container and follows Docker's {@code rbind}.
 */
final class BindMounts {
  private BindMounts() {}

  static List<Mount> prepare(List<BindMount> binds) throws IOException {
    List<Mount> out = new ArrayList<>();
    for (BindMount b : binds) {
      Path source = Path.of(b.source());
      if (!Files.exists(source)) {
        if (!b.createSource()) {
          throw BerthException.invalid("invalid mount config for type \"bind\": bind source path does not exist: %s",
              b.source());
        }
        Files.createDirectories(source, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      }
      out.add(new Mount(b.destination(), "bind", b.source(), b.ociOptions()));
    }
    return out;
  }
}
