package io.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cases taken from Docker's distribution/reference normalize_test.go and reference_test.go. */
class ImageReferenceTest {
  private static final String HEX = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      // input, full string, familiar string, domain, path
      "busybox, docker.io/library/busybox, busybox, docker.io, library/busybox",
      "busybox:latest, docker.io/library/busybox:latest, busybox:latest, docker.io, library/busybox",
      "library/debian, docker.io/library/debian, debian, docker.io, library/debian",
      "docker/docker, docker.io/docker/docker, docker/docker, docker.io, docker/docker",
      "foo/bar, docker.io/foo/bar, foo/bar, docker.io, foo/bar",
      "docker.io/docker/docker, docker.io/docker/docker, docker/docker, docker.io, docker/docker",
      "docker.io/library/debian, docker.io/library/debian, debian, docker.io, library/debian",
      "docker.io/debian, docker.io/library/debian, debian, docker.io, library/debian",
      "index.docker.io/docker/docker, docker.io/docker/docker, docker/docker, docker.io, docker/docker",
      "index.docker.io/debian, docker.io/library/debian, debian, docker.io, library/debian",
      "docker.io/library/foo/bar, docker.io/library/foo/bar, library/foo/bar, docker.io, library/foo/bar",
      "127.0.0.1:5000/docker/docker, 127.0.0.1:5000/docker/docker, 127.0.0.1:5000/docker/docker, 127.0.0.1:5000, docker/docker",
      "127.0.0.1:5000/debian, 127.0.0.1:5000/debian, 127.0.0.1:5000/debian, 127.0.0.1:5000, debian",
      "127.0.0.1:5000/x:1, 127.0.0.1:5000/x:1, 127.0.0.1:5000/x:1, 127.0.0.1:5000, x",
      "localhost:5000/x, localhost:5000/x, localhost:5000/x, localhost:5000, x",
      "localhost:5000/x:1, localhost:5000/x:1, localhost:5000/x:1, localhost:5000, x",
      "localhost/foo, localhost/foo, localhost/foo, localhost, foo",
      "registry.example.com/a/b, registry.example.com/a/b, registry.example.com/a/b, registry.example.com, a/b",
      "192.168.0.1, docker.io/library/192.168.0.1, 192.168.0.1, docker.io, library/192.168.0.1",
      "192.168.0.1:80, docker.io/library/192.168.0.1:80, 192.168.0.1:80, docker.io, library/192.168.0.1",
      "192.168.0.1:8/debian, 192.168.0.1:8/debian, 192.168.0.1:8/debian, 192.168.0.1:8, debian",
      "[fc00::1]:5000/docker, [fc00::1]:5000/docker, [fc00::1]:5000/docker, [fc00::1]:5000, docker",
      "[fc00::1]:5000/docker/docker:v1, [fc00::1]:5000/docker/docker:v1, [fc00::1]:5000/docker/docker:v1, [fc00::1]:5000, docker/docker",
      "docker-hub.0xbox.com/app/one, docker-hub.0xbox.com/app/one, docker-hub.0xbox.com/app/one, docker-hub.0xbox.com, app/one",
      "Foo/bar, Foo/bar, Foo/bar, Foo, bar",
      "a.b-c_d__e--f, docker.io/library/a.b-c_d__e--f, a.b-c_d__e--f, docker.io, library/a.b-c_d__e--f",
      "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev, docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev, thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev, docker.io, library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
      "docker.io/" + HEX + ", docker.io/library/" + HEX + ", " + HEX + ", docker.io, library/" + HEX,
  })
  void parse_normalises_like_docker(String in, String full, String familiar, String domain, String path) {
    ImageReference ref = ImageReference.parse(in);
    assertThat(ref.toString()).isEqualTo(full);
    assertThat(ref.familiarString()).isEqualTo(familiar);
    assertThat(ref.domain()).isEqualTo(domain);
    assertThat(ref.path()).isEqualTo(path);
    assertThat(ref.repository()).isEqualTo(domain + "/" + path);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", ":", "https://github.com/docker/docker", "-docker", "-docker/docker", "-docker.io/docker/docker",
      "docker///docker", "docker.io/docker///docker", "[fc00::1]", "[fc00::1]:5000", "fc00::1:5000/debian",
      "[fe80::1%eth0]:5000/debian", "[2001:db8:3:4::192.0.2.33]:5000/debian", "busybox:", "busybox@",
      "busybox:-tag", "busybox:.tag", "busybox@sha256:abc", "busybox@sha256:" + HEX + "00",
      "a/b:ttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt", "foo_/bar", "foo/bar-", "foo..bar", "a b",
  })
  void parse_rejects_invalid_references(String in) {
    assertThatThrownBy(() -> ImageReference.parse(in))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageStartingWith("invalid");
  }

  @Test
  void parse_rejects_full_hex_ids_as_names() {
    assertThatThrownBy(() -> ImageReference.parse(HEX))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("invalid repository name (" + HEX + "), cannot specify 64-byte hexadecimal strings");
  }

  @ParameterizedTest
  @CsvSource({
      "Busybox, library/Busybox",
      "docker/Docker, docker/Docker",
      "docker.io/docker/Docker, docker/Docker",
      "localhost:5000/Foo:1, Foo",
  })
  void upper_case_repository_names_the_repository(String in, String named) {
    assertThatThrownBy(() -> ImageReference.parse(in))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("invalid reference format: repository name (" + named + ") must be lowercase");
  }

  @Test
  void plain_invalid_format_message() {
    assertThatThrownBy(() -> ImageReference.parse("foo/bar:ba d"))
        .hasMessage("invalid reference format");
  }

  @Test
  void name_longer_than_255_characters_is_rejected() {
    String name = "a/".repeat(127) + "ab"; // 256 characters with docker.io/ prefix more
    assertThatThrownBy(() -> ImageReference.parse("localhost/" + name))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("255");
  }

  @Test
  void digest_references_keep_digest_and_get_no_default_tag() {
    String digest = "sha256:" + "e".repeat(64);
    ImageReference ref = ImageReference.parseWithDefaultTag("busybox@" + digest);
    assertThat(ref.tag()).isEmpty();
    assertThat(ref.digest()).contains(Digest.parse(digest));
    assertThat(ref.toString()).isEqualTo("docker.io/library/busybox@" + digest);
    assertThat(ref.familiarString()).isEqualTo("busybox@" + digest);

    ImageReference both = ImageReference.parse("localhost:5000/x:1@" + digest);
    assertThat(both.tag()).contains("1");
    assertThat(both.familiarString()).isEqualTo("localhost:5000/x:1@" + digest);
  }

  @Test
  void parse_adds_no_tag_but_parse_with_default_tag_adds_latest() {
    assertThat(ImageReference.parse("busybox").tag()).isEmpty();
    assertThat(ImageReference.parse("busybox").isNameOnly()).isTrue();
    ImageReference ref = ImageReference.parseWithDefaultTag("busybox");
    assertThat(ref.toString()).isEqualTo("docker.io/library/busybox:latest");
    assertThat(ref.familiarString()).isEqualTo("busybox:latest");
    assertThat(ImageReference.parseWithDefaultTag("localhost:5000/x:1").familiarString())
        .isEqualTo("localhost:5000/x:1");
  }

  @Test
  void familiar_repository_strips_only_the_default_domain() {
    assertThat(ImageReference.parse("busybox:1").familiarRepository()).isEqualTo("busybox");
    assertThat(ImageReference.parse("foo/bar").familiarRepository()).isEqualTo("foo/bar");
    assertThat(ImageReference.parse("quay.io/library/x").familiarRepository()).isEqualTo("quay.io/library/x");
  }

  @Test
  void with_tag_replaces_the_tag_and_validates_it() {
    ImageReference ref = ImageReference.parse("busybox:1");
    assertThat(ref.withTag("2").toString()).isEqualTo("docker.io/library/busybox:2");
    assertThat(ref.withTag("v1.2_3-rc").tag()).contains("v1.2_3-rc");
    assertThat(ref.nameOnly().toString()).isEqualTo("docker.io/library/busybox");
    assertThatThrownBy(() -> ref.withTag("bad tag")).isInstanceOf(BerthException.InvalidArgument.class);
    assertThatThrownBy(() -> ref.withTag("x".repeat(129))).isInstanceOf(BerthException.InvalidArgument.class);
    assertThat(ref.withTag("x".repeat(128)).tag()).isPresent();
  }

  @Test
  void constructor_validates_parts() {
    assertThatThrownBy(() -> new ImageReference("docker.io", "Library/x", Optional.empty(), Optional.empty()))
        .isInstanceOf(BerthException.InvalidArgument.class);
    assertThatThrownBy(() -> new ImageReference("-bad", "x", Optional.empty(), Optional.empty()))
        .isInstanceOf(BerthException.InvalidArgument.class);
  }

  @ParameterizedTest
  @CsvSource({
      "a, true", "3f2a91, true", HEX + ", true", "sha256:" + HEX + ", true",
      "'', false", "3F2A91, false", "xyz, false", HEX + "0, false", "busybox, false",
  })
  void looks_like_hex_id(String s, boolean expected) {
    assertThat(ImageReference.looksLikeHexId(s)).isEqualTo(expected);
  }

  @Test
  void json_form_is_the_full_string() {
    ImageReference ref = ImageReference.parseWithDefaultTag("busybox");
    assertThat(Json.string(ref)).isEqualTo("\"docker.io/library/busybox:latest\"");
    assertThat(Json.read("\"busybox:1\"".getBytes(), ImageReference.class))
        .isEqualTo(ImageReference.parse("busybox:1"));
  }
}
