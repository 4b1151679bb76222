package io.berth.engine.gc;

import io.berth.oci.Digest;
import java.util.HashSet;
import java.util.Set;

/**
 * One source of garbage-collection roots: what must stay on disk because something the daemon
 * records (an image, a container, a build-cache entry …) refers to it. The collector keeps the
 * union of every source's roots and everything they reach (a kept layer keeps its parents, its
 * snapshot and its blob; a kept snapshot keeps its parents) and removes the rest.
 *
 * <p>Each package that records references contributes its own implementation (images: configs,
 * manifests and top layers; containers: their writable snapshots), so a new kind of reference is a
 * new {@code GcRoots}, not a change to the collector. {@link #roots} is called with no lease open
 * (see {@link Leases}): it must read committed rows only and must not block on a lease.
 */
@FunctionalInterface
public interface GcRoots {

  /** Blobs, layers (chain IDs) and snapshot keys referenced directly. */
  record Roots(Set<Digest> blobs, Set<Digest> layers, Set<String> snapshots) {
    public Roots {
      blobs = Set.copyOf(blobs);
      layers = Set.copyOf(layers);
      snapshots = Set.copyOf(snapshots);
    }

    public static Roots empty() { return new Roots(Set.of(), Set.of(), Set.of()); }

    public Roots plus(Roots o) {
      var b = new HashSet<>(blobs);
      b.addAll(o.blobs);
      var l = new HashSet<>(layers);
      l.addAll(o.layers);
      var s = new HashSet<>(snapshots);
      s.addAll(o.snapshots);
      return new Roots(b, l, s);
    }
  }

  Roots roots();
}
