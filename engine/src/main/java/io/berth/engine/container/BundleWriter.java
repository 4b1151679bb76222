package io.berth.engine.container;

import io.berth.engine.container.spec.SpecGenerator;
import io.berth.engine.container.spec.SpecInput;
import io.berth.oci.Json;
import io.berth.oci.runtime.Mount;
import io.berth.oci.runtime.Spec;
import io.berth.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a container's OCI bundle: {@code config.json} generated from its config with Docker's
 * defaults, with the per-container hostname/hosts/resolv.conf files bind-mounted over the image's,
 * and the user's bind mounts.
 */
public final class BundleWriter {
  private final SpecGenerator generator = SpecGenerator.forThisHost();

  public Spec write(Container c, Path rootfs, Path bundle) throws IOException {
    ContainerConfig cfg = c.config();
    List<Mount> binds = BindMounts.prepare(cfg.host().bindMounts());
    List<Mount> files = new java.util.ArrayList<>(List.of(
        Mount.bind(bundle.resolve("resolv.conf").toString(), "/etc/resolv.conf", false),
        Mount.bind(bundle.resolve("hostname").toString(), "/etc/hostname", false),
        Mount.bind(bundle.resolve("hosts").toString(), "/etc/hosts", false)));
    // A user's bind over /etc/hosts (or the others) replaces the generated file, as in Docker.
    files.removeIf(f -> binds.stream().anyMatch(b -> b.destination().equals(f.destination())));
    files.addAll(binds);
    SpecInput in = SpecInput.builder(c.id(), rootfs, cfg.args())
        .env(cfg.env())
        .workingDir(cfg.workingDir().isEmpty() ? "/" : cfg.workingDir())
        .user(cfg.user())
        .hostname(cfg.hostname())
        .terminal(cfg.tty())
        .openStdin(cfg.openStdin())
        .extraMounts(files)
        .cgroupsPath("/berth/" + c.id())
        .build();
    Spec spec = generator.generate(in);
    AtomicFiles.write(bundle.resolve("config.json"), Json.bytes(spec));
    return spec;
  }
}
