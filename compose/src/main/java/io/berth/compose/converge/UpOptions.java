package io.berth.compose.converge;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The flags of {@code up} that change what is converged.
 *
 * @param services   the services named on the command line (empty: all)
 * @param scale      {@code --scale svc=n}, overriding the file's replica count
 * @param start      false for {@code create} / {@code up --no-start}
 * @param timeout    {@code -t}: seconds to wait for a replaced container to stop
 */
public record UpOptions(List<String> services, boolean build, boolean noBuild, Planner.Recreate recreate,
    boolean noDeps, boolean removeOrphans, Map<String, Integer> scale, boolean start, boolean waitHealthy,
    OptionalInt timeout, String pullPolicy) {
  public UpOptions {
    services = List.copyOf(services);
    scale = Map.copyOf(scale);
  }

  /** A plain {@code up -d}. */
  public static UpOptions defaults() {
    return new UpOptions(List.of(), false, false, Planner.Recreate.DIVERGED, false, false, Map.of(), true, false,
        OptionalInt.empty(), "");
  }

  public UpOptions withServices(List<String> s) {
    return new UpOptions(s, build, noBuild, recreate, noDeps, removeOrphans, scale, start, waitHealthy, timeout, pullPolicy);
  }

  public UpOptions withRecreate(Planner.Recreate r) {
    return new UpOptions(services, build, noBuild, r, noDeps, removeOrphans, scale, start, waitHealthy, timeout, pullPolicy);
  }

  public UpOptions withScale(Map<String, Integer> s) {
    return new UpOptions(services, build, noBuild, recreate, noDeps, removeOrphans, s, start, waitHealthy, timeout, pullPolicy);
  }

  public UpOptions withRemoveOrphans(boolean r) {
    return new UpOptions(services, build, noBuild, recreate, noDeps, r, scale, start, waitHealthy, timeout, pullPolicy);
  }
}
