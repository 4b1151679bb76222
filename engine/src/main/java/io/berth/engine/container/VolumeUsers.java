package io.berth.engine.container;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Which containers reference a volume: one of their mount points is that volume (named in
 * {@code Binds} or {@code Mounts}, anonymous, or taken with {@code --volumes-from}). Containers in any
 * state count, as in dockerd, so a volume of a stopped container cannot be removed.
 */
public final class VolumeUsers implements Function<String, List<String>> {
  private final ContainerStore store;

  public VolumeUsers(ContainerStore store) {
    this.store = store;
  }

  @Override public List<String> apply(String volume) {
    List<String> out = new ArrayList<>();
    for (Container c : store.all()) {
      for (MountPoint mp : ContainerMounts.of(c.config().host())) {
        if (mp.type() == MountPoint.Type.VOLUME && mp.name().equals(volume)) {
          out.add(c.id());
          break;
        }
      }
    }
    return out;
  }
}
