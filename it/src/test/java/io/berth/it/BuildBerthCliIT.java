package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code berth build} on the same kind of contexts as the table ({@link BuildTableIT} and friends build
 * through the docker CLI): the flags of the surface ({@code -f}, several {@code -t},
 * {@code --build-arg}, {@code --target}, {@code --no-cache}, {@code -q}, {@code --label},
 * {@code --iidfile}, {@code --progress plain}, a context on stdin), the plain log off a terminal, and a
 * failing RUN. The image checks reuse {@link BuildCase}. (The berth CLI speaks the Engine API, so
 * with {@code -Dberth.it.build.host} these also run against dockerd once the command exists.)
 */
class BuildBerthCliIT {
  @RegisterExtension static final BuildTarget target = new BuildTarget();

  @Test
  void builds_with_the_surface_flags_and_the_image_runs() throws IOException {
    var c = BuildCase.of("berth_cli", """
            FROM busybox AS build
            ARG GREETING=hello
            RUN echo "$GREETING" > /greeting
            FROM busybox
            COPY --from=build /greeting /greeting
            COPY app.sh /app.sh
            CMD ["sh", "/app.sh"]
            """)
        .file("app.sh", "cat /greeting\n")
        .runsWith("hi\n")
        .inspect("{{json .Config.Labels}}", "{\"via\":\"berth\"}");
    Path ctx = c.writeContext(target);
    Files.move(ctx.resolve("Dockerfile"), ctx.resolve("Other.dockerfile"));
    Path iid = target.work().resolve("berth-iid");
    Cli.Result r = target.berthBuild(ctx, List.of("-f", ctx.resolve("Other.dockerfile").toString(),
        "-t", "bt-berth-cli", "-t", "bt-berth-cli:two", "--build-arg", "GREETING=hi", "--label", "via=berth",
        "--iidfile", iid.toString(), "--progress", "plain"));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    c.checkImage(target, "bt-berth-cli");
    String id = target.docker("image", "inspect", "-f", "{{.Id}}", "bt-berth-cli:two").out();
    assertThat(Files.readString(iid).strip()).isEqualTo(id);
  }

  @Test
  void target_stage_quiet_and_no_cache() {
    var c = BuildCase.of("berth_quiet", """
            FROM busybox AS base
            RUN echo base > /base
            FROM base AS app
            RUN echo app > /app
            FROM app AS broken
            RUN exit 9
            """)
        .runs("cat /base /app", "base\napp\n");
    Path ctx = c.writeContext(target);
    Cli.Result q = target.berthBuild(ctx, List.of("-q", "--target", "app", "-t", "bt-berth-quiet"));
    assertThat(q.exitCode()).as(q.toString()).isZero();
    assertThat(q.stdout()).matches("sha256:[0-9a-f]{64}\n");
    assertThat(target.docker("image", "inspect", "-f", "{{.Id}}", "bt-berth-quiet").out()).isEqualTo(q.out());
    c.checkImage(target, "bt-berth-quiet");

    Cli.Result cached = target.berthBuild(ctx, List.of("-q", "--target", "app", "-t", "bt-berth-quiet"));
    assertThat(cached.stdout()).isEqualTo(q.stdout());
    Cli.Result fresh = target.berthBuild(ctx, List.of("--no-cache", "--progress", "plain", "--target", "app", "-t", "bt-berth-quiet"));
    assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
    assertThat(fresh.all()).contains("echo app");
    c.checkImage(target, "bt-berth-quiet");
  }

  /** {@code berth build -t x -} reads a tar context from stdin (Dockerfile at its root). */
  @Test
  void context_from_stdin() {
    var c = BuildCase.of("berth_stdin", "FROM busybox\nCOPY a.txt /a.txt\n").file("a.txt", "from stdin\n")
        .runs("cat /a.txt", "from stdin\n");
    Path ctx = c.writeContext(target);
    Cli.Result r = target.cli().shell("tar -C '" + ctx + "' -cf - . | \"$BERTH\" build -t bt-berth-stdin -");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    c.checkImage(target, "bt-berth-stdin");
  }

  /** A failing RUN shows its command, its output and its exit code; berth exits non-zero; no image, nothing running. */
  @Test
  void failing_run() {
    Path ctx = BuildCase.of("berth_fail", "FROM busybox\nRUN echo out-before; exit 3\n").writeContext(target);
    Cli.Result r = target.berthBuild(ctx, List.of("--progress", "plain", "-t", "bt-berth-fail"));
    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.all()).as(r.toString()).contains("echo out-before; exit 3", "out-before").containsPattern("\\b3\\b");
    assertThat(target.docker("image", "inspect", "bt-berth-fail").exitCode()).isNotZero();
    assertThat(target.runningContainers()).isEmpty();
    assertThat(target.mounts()).isEmpty();
  }
}
