package io.berth.distribution;

import io.berth.http.tls.Pem;
import io.berth.http.tls.TlsContexts;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Per-registry TLS material in Docker's layout, {@code <root>/<host[:port]>/}: every {@code *.crt} is
 * a CA certificate trusted for that registry (on top of the system CAs), and a {@code NAME.cert} +
 * {@code NAME.key} pair is a client certificate offered to it ({@code client.cert}/{@code client.key}
 * by convention). dockerd reads {@code /etc/docker/certs.d}; berthd reads that and its own
 * {@code <config dir>/certs.d} (default {@code /etc/berth/certs.d}). The directories are read at every
 * connection, so a certificate dropped in takes effect without a restart, as with dockerd.
 *
 * <p>Immutable and thread-safe. A {@code .cert} without its {@code .key} (or the reverse) is an error
 * worded as dockerd's.
 */
public final class RegistryCerts {
  /** dockerd's directory. */
  public static final Path DOCKER_CERTS_D = Path.of("/etc/docker/certs.d");

  private final List<Path> roots;

  /** @param roots certs.d directories, read in order (missing ones are skipped) */
  public RegistryCerts(List<Path> roots) {
    this.roots = List.copyOf(roots);
  }

  public static RegistryCerts none() {
    return new RegistryCerts(List.of());
  }

  public List<Path> roots() { return roots; }

  /**
   * What {@code host[:port]}'s directories hold.
   *
   * @param cas CA certificates (from {@code *.crt}) trusted in addition to the system's
   * @param identities client certificates and keys (from {@code *.cert} + {@code *.key})
   */
  public record Material(List<X509Certificate> cas, List<TlsContexts.Identity> identities) {
    public Material {
      cas = List.copyOf(cas);
      identities = List.copyOf(identities);
    }

    public boolean isEmpty() { return cas.isEmpty() && identities.isEmpty(); }

    /** The client certificate offered: the first pair found (dockerd offers its first one too). */
    public Optional<TlsContexts.Identity> identity() {
      return identities.stream().findFirst();
    }
  }

  /** The material for {@code hostPort} (as written in image references: {@code reg.lan:5000}). */
  public Material forHost(String hostPort) {
    List<X509Certificate> cas = new ArrayList<>();
    List<TlsContexts.Identity> identities = new ArrayList<>();
    for (Path root : roots) {
      if (hostPort.contains("/") || hostPort.equals("..") || hostPort.equals(".")) continue;
      Path dir = root.resolve(hostPort);
      if (!Files.isDirectory(dir)) continue;
      for (Path f : list(dir)) {
        String name = f.getFileName().toString();
        if (name.endsWith(".crt")) {
          cas.addAll(parse(f, () -> Pem.certificates(read(f))));
        } else if (name.endsWith(".cert")) {
          Path key = f.resolveSibling(name.substring(0, name.length() - ".cert".length()) + ".key");
          if (!Files.exists(key)) {
            throw BerthException.internal("missing key " + key + " for client certificate " + f
                + ". CA certificates must use the extension .crt", null);
          }
          identities.add(parse(f, () -> TlsContexts.Identity.load(f, key)));
        } else if (name.endsWith(".key")) {
          Path cert = f.resolveSibling(name.substring(0, name.length() - ".key".length()) + ".cert");
          if (!Files.exists(cert)) {
            throw BerthException.internal("missing client certificate " + cert + " for key " + f, null);
          }
        }
      }
    }
    return new Material(cas, identities);
  }

  private static <T> T parse(Path f, java.util.function.Supplier<T> reader) {
    try {
      return reader.get();
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw BerthException.internal(m.startsWith(f.toString()) ? m : f + ": " + m, e);
    }
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw BerthException.internal("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read: " + e.getMessage(), e);
    }
  }
}
