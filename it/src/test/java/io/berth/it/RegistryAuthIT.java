package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Cli;
import io.berth.testkit.Repo;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Our client against our server with Docker Hub's login flow: {@code berth registry serve} with
 * htpasswd users and bearer tokens from its own {@code /token} (anonymous pull allowed), berthd and
 * the berth and docker CLIs: push needs a login, a wrong password is refused, pull works anonymously,
 * and a Dockerfile FROM an image that is only in the registry pulls it.
 */
class RegistryAuthIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();
  static Cli.Background registry;
  static int port;

  @BeforeAll
  static void startRegistry() throws Exception {
    Path work = berth.work();
    Path users = work.resolve("htpasswd");
    var h = berth.cli().run(Duration.ofSeconds(30), List.of("htpasswd", "-nbB", "alice", "s3cret"));
    assertThat(h.exitCode()).as(h.toString()).isZero();
    Files.writeString(users, h.stdout());
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    registry = berth.cli().start(List.of("env", "BERTH_NO_AOT=1", Repo.root().resolve("bin/berth").toString(), "registry",
        "serve", "--addr", "127.0.0.1:" + port, "--root", work.resolve("registry").toString(), "--htpasswd",
        users.toString(), "--token-realm", "http://127.0.0.1:" + port + "/token", "--allow-anonymous-pull"));
    registry.awaitStdout(s -> s.contains("listening on"), Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.process().destroy();
      assertThat(registry.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
      registry.close();
    }
  }

  private static String ref(String repoTag) {
    return "127.0.0.1:" + port + "/" + repoTag;
  }

  @Test
  void push_needs_a_login_pull_is_anonymous_and_a_build_pulls_its_base() throws Exception {
    assertThat(berth.berth("tag", "busybox", ref("team/bb:1")).exitCode()).isZero();
    Cli.Result anonymous = berth.berth("push", ref("team/bb:1"));
    assertThat(anonymous.exitCode()).isNotZero();
    assertThat(anonymous.all()).contains("unauthorized: authentication required");

    Cli.Result wrong = berth.cli().shell("echo nope | $BERTH login -u alice --password-stdin 127.0.0.1:" + port);
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.all()).contains("unauthorized: incorrect username or password");
    Cli.Result login = berth.cli().shell("echo s3cret | $BERTH login -u alice --password-stdin 127.0.0.1:" + port);
    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.stdout()).contains("Login Succeeded");

    Cli.Result push = berth.berth("push", ref("team/bb:1"));
    assertThat(push.exitCode()).as(push.toString()).isZero();
    assertThat(push.stdout()).contains("Pushed").containsPattern("1: digest: sha256:[0-9a-f]{64} size: \\d+");
    assertThat(berth.berth("logout", "127.0.0.1:" + port).exitCode()).isZero();

    assertThat(berth.berth("rmi", ref("team/bb:1")).exitCode()).isZero();
    Cli.Result pull = berth.docker("pull", ref("team/bb:1"));
    assertThat(pull.exitCode()).as(pull.toString()).isZero();
    assertThat(pull.stdout()).contains("Digest: sha256:", "Status: ");
    assertThat(berth.berth("run", "--rm", ref("team/bb:1"), "echo", "pulled").stdout()).isEqualTo("pulled\n");

    // a build FROM an image that is only in the registry pulls it first
    assertThat(berth.berth("rmi", ref("team/bb:1")).exitCode()).isZero();
    Path ctx = berth.work().resolve("from-registry");
    Files.createDirectories(ctx);
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + ref("team/bb:1") + "\nRUN echo on-pulled-base > /x\n");
    Cli.Result build = berth.berth("build", "--progress", "plain", "-t", "on-pulled:1", ctx.toString());
    assertThat(build.exitCode()).as(build.toString()).isZero();
    assertThat(build.stdout()).contains("Pulling from team/bb", "Status: Downloaded newer image for " + ref("team/bb:1"));
    assertThat(berth.berth("run", "--rm", "on-pulled:1", "cat", "/x").stdout()).isEqualTo("on-pulled-base\n");
    assertThat(berth.berth("rmi", "on-pulled:1", ref("team/bb:1")).exitCode()).isZero();
  }
}
