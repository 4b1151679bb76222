package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.HostLeaks;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Removed containers leave nothing on the host: no mounts, cgroups, processes or files. */
class CleanupIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  private List<String> mountsBefore;

  @BeforeEach
  void recordMounts() {
    mountsBefore = HostLeaks.mountsUnder(List.of(berth.daemon().root()));
  }

  @Test
  void run_rm_leaves_nothing_behind() {
    // The hostname is the short container ID (as in docker), which is how we learn the ID of a --rm run.
    var r = berth.berth("run", "--rm", "busybox", "hostname");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    String shortId = r.out();
    assertThat(shortId).matches("[0-9a-f]{12}");

    assertNothingLeftFor(shortId);
  }

  @Test
  void rm_f_of_a_running_container_leaves_nothing_behind() {
    var run = berth.berth("run", "-d", "busybox", "sleep", "300");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String id = run.out();
    // Sanity check of the checker itself: a running container is visible to it.
    assertThat(HostLeaks.find(berth.daemon().root(), Set.of(id))).as("leak checker sees the running container").isNotEmpty();

    var rm = berth.berth("rm", "-f", id);
    assertThat(rm.exitCode()).as(rm.toString()).isZero();
    assertNothingLeftFor(id);
  }

  @Test
  void exited_container_removed_with_rm_leaves_nothing_behind() {
    var run = berth.berth("run", "-d", "busybox", "true");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String id = run.out();
    BerthDaemon.eventually(Duration.ofSeconds(20), "the container exits",
        () -> berth.api().get("/containers/" + id + "/json").json().at("/State/Status").asText().equals("exited"));
    assertThat(berth.berth("rm", id).exitCode()).isZero();
    assertNothingLeftFor(id);
  }

  private void assertNothingLeftFor(String id) {
    // rm answers after the runtime has deleted the container; allow a moment for conmon to exit.
    BerthDaemon.eventually(Duration.ofSeconds(5), "no leaks for " + id,
        () -> HostLeaks.find(berth.daemon().root(), Set.of(id)).isEmpty());
    HostLeaks.assertNoneFor(berth.daemon().root(), Set.of(id));
    assertThat(HostLeaks.mountsUnder(List.of(berth.daemon().root()))).isEqualTo(mountsBefore);
    assertThat(berth.api().get("/containers/" + id + "/json").status()).isEqualTo(404);
  }
}
