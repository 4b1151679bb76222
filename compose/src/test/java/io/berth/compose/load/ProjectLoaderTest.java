package io.berth.compose.load;

import io.berth.compose.ComposeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.compose.model.Project;
import io.berth.compose.model.Service;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectLoaderTest {
  @TempDir
  Path tmp;

  private LoaderFixture fx(String dirName) {
    return new LoaderFixture(tmp.resolve(dirName));
  }

  @Test
  void discovers_compose_yaml_and_its_override_and_names_the_project_after_the_directory() {
    LoaderFixture f = fx("My App.1").write("compose.yaml", "services:\n  web:\n    image: nginx\n")
        .write("compose.override.yaml", "services:\n  web:\n    image: nginx:alpine\n");
    Project p = f.load();
    assertThat(p.name()).isEqualTo("myapp1");
    assertThat(p.composeFiles()).containsExactly(f.dir.resolve("compose.yaml"), f.dir.resolve("compose.override.yaml"));
    assertThat(p.service("web").orElseThrow().image()).contains("nginx:alpine");
    assertThat(p.workingDir()).isEqualTo(f.dir);
  }

  @Test
  void prefers_compose_yaml_over_docker_compose_yml() {
    LoaderFixture f = fx("d").write("docker-compose.yml", "services:\n  old:\n    image: a\n")
        .write("compose.yaml", "services:\n  new:\n    image: b\n");
    assertThat(f.load().services()).containsOnlyKeys("new");
    assertThat(f.warnings).first().asString().startsWith("Found multiple config files with supported names: ");
  }

  @Test
  void missing_files_say_so() {
    assertThatThrownBy(() -> fx("empty").write("x.txt", "").load())
        .isInstanceOf(ComposeException.class).hasMessage("no configuration file provided: not found");
  }

  @Test
  void project_name_precedence_is_flag_then_env_then_name_then_directory() {
    LoaderFixture f = fx("dir").write("compose.yaml", "name: fromfile\nservices:\n  a:\n    image: x\n");
    assertThat(f.load().name()).isEqualTo("fromfile");
    f.env.put("COMPOSE_PROJECT_NAME", "fromenv");
    assertThat(f.load().name()).isEqualTo("fromenv");
    f.name = Optional.of("fromflag");
    assertThat(f.load().name()).isEqualTo("fromflag");
    f.name = Optional.of("Bad!");
    assertThatThrownBy(f::load).hasMessageStartingWith("invalid project name \"Bad!\"");
  }

  @Test
  void several_files_merge_in_order_and_stdin_is_a_file() {
    LoaderFixture f = fx("m").write("a.yaml", """
        services:
          web:
            image: a
            command: echo a
            environment: [A=1, B=2]
            ports: ["8080:80", "9090:90"]
            volumes: ["./data:/data", "/x"]
        """).write("b.yaml", """
        services:
          web:
            command: [echo, b]
            environment: {B: "3", C: "4"}
            ports: ["127.0.0.1:8080:80", "9090:90"]
            volumes: ["./other:/data:ro"]
        """).file("a.yaml").file("b.yaml");
    f.fromStdin = true;
    f.files.add(Path.of("-"));
    f.stdin = "services:\n  web:\n    image: fromstdin\n";
    Service web = f.load().service("web").orElseThrow();
    assertThat(web.image()).contains("fromstdin");
    assertThat(web.command()).contains(List.of("echo", "b"));
    assertThat(web.environment()).containsExactly(java.util.Map.entry("A", "1"), java.util.Map.entry("B", "3"),
        java.util.Map.entry("C", "4"));
    assertThat(web.ports()).extracting(Service.Port::published).containsExactly(Optional.of("8080"),
        Optional.of("9090"), Optional.of("8080"));
    assertThat(web.volumes()).hasSize(2);
    assertThat(web.volumes().get(0).source()).contains(f.dir.resolve("other").toString());
    assertThat(web.volumes().get(0).readOnly()).isTrue();
  }

  @Test
  void dot_env_feeds_interpolation_and_the_process_env_wins() {
    LoaderFixture f = fx("e").write(".env", "TAG=1.0\nPORT=8000\n")
        .write("compose.yaml", "services:\n  web:\n    image: \"nginx:${TAG}\"\n    ports: [\"${PORT}:80\"]\n"
            + "    deploy:\n      replicas: ${N:-2}\n");
    f.env.put("PORT", "9000");
    Service web = f.load().service("web").orElseThrow();
    assertThat(web.image()).contains("nginx:1.0");
    assertThat(web.ports().getFirst().published()).contains("9000");
    assertThat(web.scale()).isEqualTo(2);
  }

  @Test
  void schema_errors_are_located_and_worded_like_compose() {
    LoaderFixture f = fx("s").write("compose.yaml", "services:\n  web:\n    image: x\n    foo: 1\n");
    assertThatThrownBy(f::load).hasMessage("compose.yaml:3:5: services.web additional property \"foo\" is not allowed");
    f.write("compose.yaml", "services:\n  web:\n    image: x\n    ports: 80\n");
    assertThatThrownBy(f::load).hasMessage("compose.yaml:4:12: services.web.ports must be a list");
  }

  @Test
  void bad_port_is_located() {
    LoaderFixture f = fx("p").write("compose.yaml", "services:\n  web:\n    image: x\n    ports:\n      - \"80:abc\"\n");
    assertThatThrownBy(f::load)
        .hasMessage("compose.yaml:5:9: services.web.ports[0]: invalid port \"80:abc\"");
  }

  @Test
  void profiles_select_services() {
    LoaderFixture f = fx("pr").write("compose.yaml", """
        services:
          web: {image: a}
          debug: {image: b, profiles: [dev]}
        """);
    Project p = f.load();
    assertThat(p.services()).containsOnlyKeys("web");
    assertThat(p.disabled()).containsOnlyKeys("debug");
    f.profiles.add("dev");
    assertThat(f.load().services()).containsOnlyKeys("web", "debug");
    f.profiles.clear();
    f.env.put("COMPOSE_PROFILES", "dev");
    assertThat(f.load().services()).containsOnlyKeys("web", "debug");
  }

  @Test
  void extends_in_the_same_file_and_another_file() {
    LoaderFixture f = fx("x").write("common/base.yaml", """
        services:
          base:
            image: base
            build: ./ctx
            environment: {FROM: base}
        """).write("compose.yaml", """
        services:
          mid:
            extends: {file: common/base.yaml, service: base}
            environment: {MID: "1"}
          web:
            extends: mid
            command: run
        """);
    Service web = f.load().service("web").orElseThrow();
    assertThat(web.image()).contains("base");
    assertThat(web.environment()).containsEntry("FROM", "base").containsEntry("MID", "1");
    assertThat(web.command()).contains(List.of("run"));
    assertThat(web.build().orElseThrow().context()).isEqualTo(f.dir.resolve("common/ctx"));
  }

  @Test
  void include_brings_in_another_project_with_its_paths() {
    LoaderFixture f = fx("i").write("sub/compose.yaml", """
        services:
          db:
            image: postgres
            volumes: ["./init:/init"]
        """).write("compose.yaml", """
        include:
          - sub/compose.yaml
        services:
          web:
            image: a
            depends_on: [db]
        """);
    Project p = f.load();
    assertThat(p.services()).containsOnlyKeys("db", "web");
    assertThat(p.service("db").orElseThrow().volumes().getFirst().source()).contains(f.dir.resolve("sub/init").toString());
  }

  @Test
  void compose_file_variable_may_come_from_dot_env() {
    LoaderFixture f = fx("cf").write(".env", "COMPOSE_FILE=one.yaml:two.yaml\n")
        .write("one.yaml", "services:\n  a: {image: x}\n").write("two.yaml", "services:\n  b: {image: y}\n");
    assertThat(f.load().services()).containsOnlyKeys("a", "b");
  }

  @Test
  void a_service_needs_an_image_or_a_build() {
    LoaderFixture f = fx("nb").write("compose.yaml", "services:\n  web:\n    tty: true\n");
    assertThatThrownBy(f::load).hasMessage("compose.yaml:3:5: service \"web\" has neither an image nor a build context"
        + " specified: invalid compose project");
  }

  @Test
  void required_variables_name_the_value() {
    LoaderFixture f = fx("r").write("compose.yaml", "services:\n  web:\n    image: ${IMG:?set IMG}\n");
    assertThatThrownBy(f::load).hasMessage(
        "compose.yaml:3:12: error while interpolating services.web.image: required variable IMG is missing a value: set IMG");
  }

  @Test
  void include_conflicts_and_missing_env_files_are_errors() {
    LoaderFixture f = fx("ic").write("sub/compose.yaml", "services:\n  web: {image: a}\n")
        .write("compose.yaml", "include: [sub/compose.yaml]\nservices:\n  web: {image: b}\n");
    assertThatThrownBy(f::load).hasMessageContaining("services.web conflicts with imported resource");
    f.write("compose.yaml", "services:\n  web: {image: b, env_file: [nope.env]}\n");
    assertThatThrownBy(f::load).hasMessageContaining("env file " + f.dir.resolve("nope.env") + " not found");
  }

  @Test
  void stdin_alone_uses_the_current_directory_and_is_listed_as_dash() {
    LoaderFixture f = fx("si");
    f.fromStdin = true;
    f.stdin = "name: piped\nservices:\n  a: {image: x}\n";
    Project p = ProjectLoader.load(new LoadOptions(List.of(), true, Optional.empty(), Optional.empty(), List.of(),
        List.of(), f.env, new java.io.ByteArrayInputStream(f.stdin.getBytes())), f.warnings::add);
    assertThat(p.name()).isEqualTo("piped");
    assertThat(p.composeFiles()).containsExactly(Path.of("-"));
    assertThat(p.workingDir()).isEqualTo(Path.of("").toAbsolutePath());
  }

  @Test
  void undefined_references_are_errors() {
    LoaderFixture f = fx("u").write("compose.yaml", "services:\n  web:\n    image: a\n    volumes: [\"data:/x\"]\n");
    assertThatThrownBy(f::load).hasMessageContaining("service \"web\" refers to undefined volume data");
    f.write("compose.yaml", "services:\n  web:\n    image: a\n    depends_on: [db]\n");
    assertThatThrownBy(f::load).hasMessageContaining("service \"web\" depends on undefined service \"db\"");
    f.write("compose.yaml", "services:\n  web:\n    image: a\n    depends_on: {db: {condition: service_started, required: false}}\n");
    assertThat(f.load().service("web").orElseThrow().dependsOn()).isEmpty();
    assertThat(f.warnings).anyMatch(w -> w.contains("depends on undefined service \"db\""));
    f.write("compose.yaml", "services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, depends_on: [a]}\n");
    assertThatThrownBy(f::load).hasMessage("dependency cycle detected: a -> b -> a");
  }
}
