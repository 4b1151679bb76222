package io.berth.engine.container;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Which containers reference a volume by name: a {@code HostConfig.Binds} entry whose source is the
 * volume's name (not a path). Containers in any state count, as in dockerd, so a volume of a stopped
 * container cannot be removed.
 */
public final class VolumeUsers implements Function<String, List<String>> {
  private final ContainerStore store;

  public VolumeUsers(ContainerStore store) {
    this.store = store;
  }

  @Override public List<String> apply(String volume) {
    List<String> out = new ArrayList<>();
    for (Container c : store.all()) {
      for (String b : c.config().host().binds()) {
        String source = b.split(":", 2)[0];
        if (!source.startsWith("/") && source.equals(volume)) {
          out.add(c.id());
          break;
        }
      }
    }
    return out;
  }
}
