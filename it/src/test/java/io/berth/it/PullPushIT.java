package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.testkit.Cli;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real docker CLI → berthd ↔ the reference registry ({@code docker-registry}, started here):
 * push, rmi, pull back with progress, run; login, push and pull with htpasswd credentials; a wrong
 * password refused.
 */
class PullPushIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();
  private static ReferenceRegistry open;
  private static ReferenceRegistry locked;

  @BeforeAll static void registries() {
    open = ReferenceRegistry.start(berth.work().resolve("registry-open"), Optional.empty());
    locked = ReferenceRegistry.start(berth.work().resolve("registry-auth"), Optional.of(new String[] {"alice", "s3cret"}));
  }

  @AfterAll static void stop() {
    if (open != null) open.close();
    if (locked != null) locked.close();
  }

  private static Cli.Result docker(String... args) {
    return berth.docker(args);
  }

  @Test
  void push_rmi_pull_run_round_trip() {
    String name = open.host() + "/x:1";
    assertThat(docker("tag", "busybox:latest", name).exitCode()).isZero();
    var push = docker("push", name);
    assertThat(push.exitCode()).as(push.toString()).isZero();
    assertThat(push.stdout()).contains("The push refers to repository [" + open.host() + "/x]").contains("Pushed")
        .containsPattern("1: digest: sha256:[0-9a-f]{64} size: \\d+");

    var again = docker("push", name);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.stdout()).contains("Layer already exists");

    // remove every local name of the image, so that the pull has to download its layers
    assertThat(docker("rmi", name).exitCode()).isZero();
    assertThat(docker("rmi", "busybox:latest").exitCode()).isZero();
    try {
      var pull = docker("pull", name);
      assertThat(pull.exitCode()).as(pull.toString()).isZero();
      assertThat(pull.stdout()).contains("1: Pulling from x").contains("Pull complete")
          .containsPattern("Digest: sha256:[0-9a-f]{64}").contains("Status: Downloaded newer image for " + name);
      JsonNode img = berth.api().get("/images/" + name + "/json").json();
      assertThat(img.get("Id").asText()).isEqualTo(berth.busyboxId());
      assertThat(img.at("/RepoDigests/0").asText()).startsWith(open.host() + "/x@sha256:");

      var run = docker("run", "--rm", name, "echo", "pulled");
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).isEqualTo("pulled\n");

      var upToDate = docker("pull", name);
      assertThat(upToDate.stdout()).contains("Status: Image is up to date for " + name);

      var missing = docker("pull", open.host() + "/x:nope");
      assertThat(missing.exitCode()).isNotZero();
      assertThat(missing.stderr()).contains("manifest for " + open.host() + "/x:nope not found: manifest unknown");
    } finally {
      if (berth.api().get("/images/busybox:latest/json").status() != 200) {
        if (docker("tag", name, "busybox:latest").exitCode() != 0) berth.daemon().loadBusybox("busybox:latest");
      }
    }
  }

  @Test
  void repo_digests_are_recorded_by_push_and_by_a_pull_that_finds_the_image_present() {
    String a = open.host() + "/rd/a:1";
    String b = open.host() + "/rd/b:1";
    try {
      assertThat(docker("tag", "busybox:latest", a).exitCode()).isZero();
      assertThat(repoDigests(a)).as("a local tag alone gives none").isEmpty();
      var push = docker("push", a);
      assertThat(push.exitCode()).as(push.toString()).isZero();
      String pushed = digestOf(push.stdout(), "1: digest: ");
      assertThat(repoDigests(a)).containsExactly(open.host() + "/rd/a@" + pushed);

      var images = docker("images", "--digests", "--format", "{{.Repository}} {{.Tag}} {{.Digest}}");
      assertThat(images.stdout()).contains(open.host() + "/rd/a 1 " + pushed + "\n").contains("busybox latest <none>\n");

      // the same image under another repository: push it there, forget the tag, pull it back
      assertThat(docker("tag", "busybox:latest", b).exitCode()).isZero();
      assertThat(docker("push", b).exitCode()).isZero();
      assertThat(docker("rmi", b).exitCode()).isZero();
      assertThat(repoDigests(a)).containsExactly(open.host() + "/rd/a@" + pushed);
      var pull = docker("pull", b);
      assertThat(pull.exitCode()).as(pull.toString()).isZero();
      String pulled = digestOf(pull.stdout(), "Digest: ");
      assertThat(repoDigests(b)).containsExactly(open.host() + "/rd/a@" + pushed, open.host() + "/rd/b@" + pulled);
      assertThat(berth.api().get("/images/" + open.host() + "/rd/b@" + pulled + "/json").json().get("Id").asText())
          .isEqualTo(berth.busyboxId());

      // untagging a repository's last tag drops its digests too, as dockerd does
      var rmi = docker("rmi", b);
      assertThat(rmi.stdout()).contains("Untagged: " + b + "\n").contains("Untagged: " + open.host() + "/rd/b@" + pulled);
      assertThat(repoDigests(a)).containsExactly(open.host() + "/rd/a@" + pushed);
    } finally {
      docker("rmi", a);
      docker("rmi", b);
    }
    assertThat(repoDigests("busybox:latest")).isEmpty();
  }

  /** The image's RepoDigests in the rd/ repositories (the other tests leave theirs, e.g. x@…, on busybox). */
  private static java.util.List<String> repoDigests(String image) {
    java.util.List<String> out = new java.util.ArrayList<>();
    berth.api().get("/images/" + image + "/json").json().get("RepoDigests").forEach(n -> {
      if (n.asText().startsWith(open.host() + "/rd/")) out.add(n.asText());
    });
    return out;
  }

  private static String digestOf(String output, String prefix) {
    var m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(prefix) + "(sha256:[0-9a-f]{64})").matcher(output);
    assertThat(m.find()).as(output).isTrue();
    return m.group(1);
  }

  @Test
  void login_push_pull_with_credentials_and_a_wrong_password_refused() {
    Path config = berth.work().resolve("auth-config");
    String name = locked.host() + "/private/bb:2";
    var wrong = docker("--config", config.toString(), "login", "-u", "alice", "-p", "nope", locked.host());
    assertThat(wrong.exitCode()).as(wrong.toString()).isNotZero();
    assertThat(wrong.stderr()).contains("unauthorized: incorrect username or password");

    var anonymous = docker("tag", "busybox:latest", name);
    assertThat(anonymous.exitCode()).isZero();
    var refused = docker("--config", config.toString(), "push", name);
    assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
    assertThat(refused.all()).contains("unauthorized: authentication required");

    var login = docker("--config", config.toString(), "login", "-u", "alice", "-p", "s3cret", locked.host());
    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.stdout()).contains("Login Succeeded");

    var push = docker("--config", config.toString(), "push", name);
    assertThat(push.exitCode()).as(push.toString()).isZero();
    assertThat(push.stdout()).contains("2: digest: sha256:");

    assertThat(docker("rmi", name).exitCode()).isZero();
    var noCreds = docker("pull", name);
    assertThat(noCreds.exitCode()).isNotZero();
    var pull = docker("--config", config.toString(), "pull", name);
    assertThat(pull.exitCode()).as(pull.toString()).isZero();
    assertThat(pull.stdout()).contains("Status: Downloaded newer image for " + name);
    assertThat(docker("rmi", name).exitCode()).isZero();
  }
}
