package io.berth.engine.container;

import io.berth.engine.container.spec.SpecInput;
import io.berth.oci.errors.BerthException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The network namespace a container joins instead of getting its own, and whose
 * hostname/hosts/resolv.conf files it sees: the host's for {@code --network host}; another running
 * container's (namespace and files, as Docker shares them) for {@code --network container:<ref>}.
 *
 * @param netns    the namespace to join; empty: a new one
 * @param filesDir the bundle directory whose {@code hostname}, {@code hosts} and {@code resolv.conf}
 *                 are bind-mounted into the container
 */
record SharedNetns(Optional<Path> netns, Path filesDir) {

  static SharedNetns of(Container c, ContainerService containers) {
    Path own = containers.paths().bundle(c.id());
    HostOptions host = c.config().host();
    if (host.hostNetwork()) return new SharedNetns(Optional.of(SpecInput.HOST_NETNS), own);
    Optional<String> ref = host.networkContainer();
    if (ref.isEmpty()) return new SharedNetns(Optional.empty(), own);
    Container other = containers.find(ref.get())
        .orElseThrow(() -> BerthException.notFound("No such container: %s", ref.get()));
    if (other.id().equals(c.id())) throw BerthException.invalid("cannot join own network");
    if (!other.state().running() || other.state().pid() <= 0) {
      throw BerthException.conflict("cannot join network of a non running container: %s", other.id());
    }
    return new SharedNetns(Optional.of(Path.of("/proc", Integer.toString(other.state().pid()), "ns", "net")),
        containers.paths().bundle(other.id()));
  }
}
