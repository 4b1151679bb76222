package io.berth.compose.converge;

import io.berth.client.model.ContainerSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What {@code up} does with one service's containers: a pure function of the existing containers,
 * the wanted replica count, the new config hash and the flags, so it is tested without an engine.
 * As in Compose: a container whose config hash (which covers the image ID) is unchanged is kept
 * (started if it is not running), a changed one recreated; scaling down removes the highest numbers;
 * new containers take the numbers after the highest in use.
 */
public final class Planner {
  private Planner() {}

  /** One step of a service's convergence. */
  public sealed interface Action {
    /** Unchanged and running: left alone ({@code Running}). */
    record Keep(ContainerSummary container) implements Action {}

    /** Unchanged but not running: started. */
    record Start(ContainerSummary container) implements Action {}

    /** Changed (or forced): replaced by a new container of the same number. */
    record Recreate(ContainerSummary container) implements Action {}

    /** A new container with this number. */
    record Create(int number) implements Action {}

    /** Beyond the wanted scale: stopped and removed. */
    record Remove(ContainerSummary container) implements Action {}
  }

  /** How changed containers are treated: {@code --force-recreate}, {@code --no-recreate} or by hash. */
  public enum Recreate { DIVERGED, FORCE, NEVER }

  public static List<Action> plan(List<ContainerSummary> existing, int scale, String configHash, Recreate policy) {
    List<ContainerSummary> sorted = new ArrayList<>(existing);
    sorted.sort(Comparator.comparingInt(Planner::number));
    var actions = new ArrayList<Action>();
    // scale down: the highest numbers go (Compose removes from the end of the sorted list)
    while (sorted.size() > scale) actions.add(new Action.Remove(sorted.removeLast()));
    int highest = 0;
    for (ContainerSummary c : sorted) {
      highest = Math.max(highest, number(c));
      boolean same = configHash.equals(c.labels().get(Labels.CONFIG_HASH));
      boolean recreate = switch (policy) {
        case FORCE -> true;
        case NEVER -> false;
        case DIVERGED -> !same;
      };
      if (recreate) actions.add(new Action.Recreate(c));
      else if (c.state().equals("running")) actions.add(new Action.Keep(c));
      else actions.add(new Action.Start(c));
    }
    for (int i = sorted.size(); i < scale; i++) actions.add(new Action.Create(++highest));
    return List.copyOf(actions);
  }

  /** The container number label ({@code 0} when missing or not a number, so such a container sorts first). */
  public static int number(ContainerSummary c) {
    try {
      return Integer.parseInt(c.labels().getOrDefault(Labels.NUMBER, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The container's name without docker's leading slash. */
  public static String name(ContainerSummary c) {
    return c.names().isEmpty() ? c.id() : c.names().getFirst().replaceFirst("^/", "");
  }
}
