package io.berth.engine.container;

import io.berth.engine.network.dns.ResolvConf;
import io.berth.engine.network.dns.Upstreams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The per-container {@code /etc/hostname}, {@code /etc/hosts} and {@code /etc/resolv.conf}, written
 * into the bundle dir and bind-mounted over the image's files (as Docker does), so the image's own
 * layers are never touched.
 */
public final class ContainerFiles {
  private ContainerFiles() {}

  static void write(Path bundle, String hostname, String domainname) throws IOException {
    Files.writeString(bundle.resolve("hostname"), hostname + "\n");
    String fqdn = domainname.isEmpty() ? hostname : hostname + "." + domainname + " " + hostname;
    Files.writeString(bundle.resolve("hosts"), """
        127.0.0.1\tlocalhost
        ::1\tlocalhost ip6-localhost ip6-loopback
        fe00::0\tip6-localnet
        ff00::0\tip6-mcastprefix
        ff02::1\tip6-allnodes
        ff02::2\tip6-allrouters
        127.0.1.1\t%s
        """.formatted(fqdn));
    Files.writeString(bundle.resolve("resolv.conf"), resolvConf());
  }

  /**
   * The file a container has until its network is set up at start (which writes it again for its
   * networks and {@code --dns*} options): the host's, as on Docker's default bridge.
   */
  private static String resolvConf() {
    return ResolvConf.ofHost(Upstreams.HOST_RESOLV_CONF, Upstreams.SYSTEMD_RESOLV_CONF)
        .forContainer(new ResolvConf.Mode.Legacy(false), ResolvConf.Overrides.NONE).render();
  }
}
