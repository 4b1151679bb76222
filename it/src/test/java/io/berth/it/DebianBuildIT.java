package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Cli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real-world build (slow group, still run by failsafe in CI): the project's own Debian 12 image
 * ({@code scripts/debian-image}, debootstrap cached under /var/cache/berth) and a Dockerfile that
 * {@code apt-get install}s jq from the Debian mirror in a RUN (default network) and runs it.
 *
 * <p>Measured against dockerd 20.10.24 here: debootstrap + tarball 68 s once (47 MB gzip, 127 MB
 * unpacked, image 117 MB); import 3 s; the apt-get build 6 s.
 */
@Tag("slow")
class DebianBuildIT {
  @RegisterExtension static final BuildTarget target = new BuildTarget();

  @Test
  void apt_get_install_in_a_run_and_the_package_runs() {
    String id = target.importDebian();
    assertThat(id).matches("sha256:[0-9a-f]{64}");
    assertThat(target.docker("run", "--rm", "debian:12", "cat", "/etc/debian_version").out()).startsWith("12.");
    assertThat(target.docker("image", "inspect", "-f", "{{json .Config.Env}} {{json .Config.Cmd}}", "debian:bookworm").out())
        .isEqualTo("[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"] [\"bash\"]");

    var c = BuildCase.of("debian_jq", """
            FROM debian:bookworm
            RUN apt-get update \\
             && apt-get install -y --no-install-recommends jq \\
             && rm -rf /var/lib/apt/lists/*
            ENTRYPOINT ["jq"]
            CMD ["--version"]
            """)
        .runsWith("jq-1.6\n")
        .runsWith("3\n", "-n", "[1,2] | add")
        .docker("install ok installed\n", "run", "--rm", "--entrypoint", "dpkg-query", BuildCase.IMG, "-W", "-f", "${Status}\\n", "jq")
        // the apt clean-up the image's own apt configuration does: no .debs kept
        .docker("", "run", "--rm", "--entrypoint", "find", BuildCase.IMG, "/var/cache/apt/archives", "-name", "*.deb");
    Path ctx = c.writeContext(target);
    var flags = new ArrayList<>(List.of("-t", c.tag()));
    // The private reference dockerd runs with --bridge=none (no default network): give its RUN the host's.
    if (target.reference()) flags.addAll(List.of("--network", "host"));
    Cli.Result r = target.dockerBuild(ctx, flags);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("Setting up jq (", "Successfully tagged bt-debian-jq:latest");
    c.checkImage(target, c.tag());
  }
}
