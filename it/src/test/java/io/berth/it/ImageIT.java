package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.testkit.BusyboxImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Images: save/load/import through the CLI, bad archives, and the create errors of the Engine API. */
class ImageIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  @Test
  void save_rmi_load_round_trip_keeps_the_image_id() {
    Path tar = berth.work().resolve("roundtrip.tar");
    assertThat(imageId("busybox:latest")).isEqualTo(berth.busyboxId());
    try {
      var save = berth.berth("save", "-o", tar.toString(), "busybox:latest");
      assertThat(save.exitCode()).as(save.toString()).isZero();
      assertThat(tar).isNotEmptyFile();

      var rmi = berth.berth("rmi", "busybox:latest");
      assertThat(rmi.exitCode()).as(rmi.toString()).isZero();
      assertThat(berth.api().get("/images/busybox:latest/json").status()).isEqualTo(404);

      var load = berth.berth("load", "-i", tar.toString());
      assertThat(load.exitCode()).as(load.toString()).isZero();
      assertThat(load.stdout()).contains("busybox:latest");
      assertThat(imageId("busybox:latest")).isEqualTo(berth.busyboxId());
    } finally {
      if (berth.api().get("/images/busybox:latest/json").status() != 200) berth.daemon().loadBusybox("busybox:latest");
    }
  }

  @Test
  void load_of_the_same_image_twice_is_idempotent() {
    Set<String> before = images();
    berth.daemon().loadBusybox("busybox:latest");
    assertThat(images()).isEqualTo(before);
  }

  @Test
  void import_of_a_rootfs_tar_with_a_cmd_change_makes_a_runnable_image() {
    Path rootfs = berth.work().resolve("rootfs.tar");
    new BusyboxImage().rootfsTar(rootfs);
    var imp = berth.berth("import", "-c", "CMD [\"sh\"]", rootfs.toString(), "imported:1");
    assertThat(imp.exitCode()).as(imp.toString()).isZero();
    assertThat(imp.out()).contains("sha256:");

    JsonNode image = berth.api().get("/images/imported:1/json").json();
    assertThat(image.at("/Config/Cmd")).hasSize(1);
    assertThat(image.at("/Config/Cmd/0").asText()).isEqualTo("sh");
    assertThat(image.get("Os").asText()).isEqualTo("linux");

    var run = berth.berth("run", "--rm", "imported:1", "echo", "from-import");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).isEqualTo("from-import\n");
    assertThat(berth.berth("rmi", "imported:1").exitCode()).isZero();
  }

  static Stream<Arguments> badArchives() {
    return Stream.of("load", "import").flatMap(cmd -> Stream.of(
        Arguments.of(cmd, "not-a-tar"), Arguments.of(cmd, "truncated-gzip")));
  }

  @ParameterizedTest(name = "{0} of a {1} fails clearly and changes no images")
  @MethodSource("badArchives")
  void bad_archive_is_rejected_and_images_are_unchanged(String command, String kind) throws IOException {
    Path bad = berth.work().resolve(kind + "-" + command);
    if (kind.equals("not-a-tar")) {
      Files.writeString(bad, "this is not a tar archive\n".repeat(100), StandardCharsets.UTF_8);
    } else {
      Path good = berth.work().resolve("for-gzip.tar");
      new BusyboxImage().dockerSaveTar(good, "truncated:1");
      byte[] gz = gzip(Files.readAllBytes(good));
      Files.write(bad, Arrays.copyOf(gz, gz.length / 2));
    }
    Set<String> before = images();
    var r = command.equals("load")
        ? berth.berth("load", "-i", bad.toString())
        : berth.berth("import", bad.toString(), "bad-import:1");
    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.stderr()).as(r.toString()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(images()).isEqualTo(before);
  }

  @Test
  void save_of_an_unknown_image_is_a_clear_error_and_writes_nothing() {
    var before = images();
    java.nio.file.Path out = berth.work().resolve("unknown-save.tar");
    for (boolean docker : new boolean[] {false, true}) {
      var r = docker ? berth.docker("save", "-o", out.toString(), "busybox", "no-such-image:1")
          : berth.berth("save", "-o", out.toString(), "busybox", "no-such-image:1");
      assertThat(r.exitCode()).as(r.toString()).isNotZero();
      assertThat(r.stderr()).as(r.toString()).contains("no-such-image:1").doesNotContain("Exception");
      assertThat(out).doesNotExist();
    }
    assertThat(images()).isEqualTo(before);
  }

  @Test
  void create_with_an_unknown_image_is_404() {
    var r = berth.api().postJson("/containers/create", "{\"Image\":\"no-such-image:1\",\"Cmd\":[\"true\"]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(404);
    assertThat(r.json().get("message").asText()).contains("No such image").contains("no-such-image:1");
  }

  @Test
  void create_with_invalid_json_is_400() {
    var r = berth.api().postJson("/containers/create", "{\"Image\": \"busybox\", ");
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().get("message").asText()).isNotBlank();
  }

  @Test
  void create_with_a_duplicate_name_is_409() {
    String body = "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}";
    var first = berth.api().postJson("/containers/create?name=dup", body);
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    try {
      var second = berth.api().postJson("/containers/create?name=dup", body);
      assertThat(second.status()).as(second.toString()).isEqualTo(409);
      assertThat(second.json().get("message").asText()).contains("dup").contains("already in use");
    } finally {
      berth.api().delete("/containers/" + first.json().get("Id").asText() + "?force=1");
    }
  }

  /** Every image ID with its tags, as {@code GET /images/json} reports them. */
  private static Set<String> images() {
    var r = berth.api().get("/images/json");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    var set = new TreeSet<String>();
    for (JsonNode img : r.json()) set.add(img.get("Id").asText() + " " + img.path("RepoTags"));
    return set;
  }

  private static String imageId(String ref) {
    var r = berth.api().get("/images/" + ref + "/json");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().get("Id").asText();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    var buf = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(buf)) { gz.write(data); }
    return buf.toByteArray();
  }
}
