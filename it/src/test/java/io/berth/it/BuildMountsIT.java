package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Cli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code RUN --mount}: a cache mount keeps its files across steps and builds (also with
 * {@code --no-cache}) without putting them in the image; a bind mount shows context files read-only,
 * a throw-away writable copy with {@code rw}, and another stage's files with {@code from}; secrets
 * are refused clearly. BuildKit features: dockerd 20.10's classic builder has none of them.
 */
class BuildMountsIT {
  @RegisterExtension static final BuildTarget target = new BuildTarget();

  private static final String CACHE = """
      FROM busybox
      RUN --mount=type=cache,target=/var/cache/pkgs,id=pkgs echo x >> /var/cache/pkgs/runs \\
          && wc -l < /var/cache/pkgs/runs > /runs-seen
      RUN --mount=type=cache,target=/other,id=pkgs wc -l < /other/runs > /runs-second
      """;

  @Test
  void cache_mounts_persist_across_builds_and_stay_out_of_the_image() {
    Path ctx = BuildCase.of("mount_cache", CACHE).writeContext(target);
    Cli.Result first = target.dockerBuild(ctx, List.of("-t", "bt-mount-cache"));
    assertThat(first.exitCode()).as(first.toString()).isZero();
    int before = Integer.parseInt(target.docker("run", "--rm", "bt-mount-cache", "cat", "/runs-seen").out().strip());
    assertThat(target.docker("run", "--rm", "bt-mount-cache", "cat", "/runs-second").out().strip())
        .isEqualTo(Integer.toString(before));
    Cli.Result again = target.dockerBuild(ctx, List.of("--no-cache", "-t", "bt-mount-cache"));
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(target.docker("run", "--rm", "bt-mount-cache", "cat", "/runs-seen").out().strip())
        .isEqualTo(Integer.toString(before + 1));
    Cli.Result ls = target.docker("run", "--rm", "bt-mount-cache", "sh", "-c", "ls -A /var/cache/pkgs 2>&1; ls /other 2>&1");
    assertThat(ls.out()).doesNotContain("runs");
  }

  @Test
  void bind_mounts_show_context_and_stage_files() {
    Path ctx = BuildCase.of("mount_bind", """
            FROM busybox AS tools
            RUN echo tool > /tool
            FROM busybox
            RUN --mount=type=bind,source=src,target=/src cat /src/a.txt > /from-context \\
                && (touch /src/new 2>/dev/null && echo writable || echo read-only) > /ro
            RUN --mount=type=bind,source=src,target=/src,rw touch /src/new && ls /src > /rw
            RUN --mount=type=bind,from=tools,source=/tool,target=/mnt/tool cat /mnt/tool > /from-stage
            """)
        .file("src/a.txt", "from the context\n")
        .writeContext(target);
    Cli.Result r = target.dockerBuild(ctx, List.of("-t", "bt-mount-bind"));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    Cli.Result seen = target.docker("run", "--rm", "bt-mount-bind", "cat", "/from-context", "/ro", "/rw", "/from-stage");
    assertThat(seen.stdout()).isEqualTo("from the context\nread-only\na.txt\nnew\ntool\n");
    assertThat(ctx.resolve("src/new")).doesNotExist();
  }

  @Test
  void secret_mounts_are_refused_clearly() {
    Path ctx = BuildCase.of("mount_secret", "FROM busybox\nRUN --mount=type=secret,id=x cat /run/secrets/x\n")
        .writeContext(target);
    Cli.Result r = target.dockerBuild(ctx, List.of("-t", "bt-mount-secret"));
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.all()).contains("RUN --mount=type=secret is not supported by berth's builder");
  }

  /**
   * Independent stages run at the same time: each waits (up to 20 s) for the other's mark in a shared
   * cache mount, which only works when both RUNs are running together.
   */
  @Test
  void independent_stages_run_in_parallel() {
    String id = "sync-" + System.nanoTime();
    String wait = "for i in $(seq 1 200); do [ -e /sync/%s ] && exit 0; sleep 0.1; done; exit 1";
    Path ctx = BuildCase.of("parallel_stages", """
            FROM busybox AS a
            RUN --mount=type=cache,target=/sync,id=%1$s touch /sync/a && %2$s
            FROM busybox AS b
            RUN --mount=type=cache,target=/sync,id=%1$s touch /sync/b && %3$s
            FROM busybox
            COPY --from=a /etc/hostname /a
            COPY --from=b /etc/hostname /b
            """.formatted(id, wait.formatted("b"), wait.formatted("a")))
        .writeContext(target);
    Cli.Result r = target.dockerBuild(ctx, List.of("-t", "bt-parallel"));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    // the classic builder's order in the output all the same
    assertThat(r.stdout()).containsSubsequence("Step 1/7 : FROM busybox AS a", "Step 2/7 : RUN", "Step 3/7 : FROM busybox AS b",
        "Step 4/7 : RUN", "Step 5/7 : FROM busybox", "Successfully built");
  }
}
