package io.berth.compose.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.client.model.ContainerSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static ContainerSummary ctr(int n, String hash, String state) {
    return new ContainerSummary("id" + n, List.of("/p-a-" + n), "busybox", "", "", 0, List.of(),
        Map.of(Labels.NUMBER, Integer.toString(n), Labels.CONFIG_HASH, hash), state, state, 0, 0);
  }

  @Test void nothing_exists_creates_numbers_from_one() {
    assertThat(Planner.plan(List.of(), 2, "h", Planner.Recreate.DIVERGED))
        .containsExactly(new Planner.Action.Create(1), new Planner.Action.Create(2));
  }

  @Test void same_hash_is_kept_and_different_recreated() {
    var a = ctr(1, "h", "running");
    var b = ctr(2, "old", "running");
    var c = ctr(3, "h", "exited");
    assertThat(Planner.plan(List.of(b, a, c), 3, "h", Planner.Recreate.DIVERGED)).containsExactly(
        new Planner.Action.Keep(a), new Planner.Action.Recreate(b), new Planner.Action.Start(c));
  }

  @Test void scale_down_removes_highest_numbers_and_scale_up_continues_after_the_highest() {
    var one = ctr(1, "h", "running");
    var three = ctr(3, "h", "running");
    assertThat(Planner.plan(List.of(three, one), 1, "h", Planner.Recreate.DIVERGED))
        .containsExactly(new Planner.Action.Remove(three), new Planner.Action.Keep(one));
    assertThat(Planner.plan(List.of(three), 2, "h", Planner.Recreate.DIVERGED))
        .containsExactly(new Planner.Action.Keep(three), new Planner.Action.Create(4));
  }
}
