package io.berth.compose.load;

import io.berth.compose.ComposeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchemaValidatorTest {
  private static void valid(String yaml) {
    Yaml.Doc d = Yaml.parse("c.yaml", yaml);
    SchemaValidator.validate(d.root(), d.marks());
  }

  private static String error(String yaml) {
    try {
      valid(yaml);
    } catch (ComposeException e) {
      return e.getMessage();
    }
    throw new AssertionError("valid: " + yaml);
  }

  @Test
  void a_realistic_file_is_valid() {
    valid("""
        name: demo
        x-common: &c {restart: always}
        services:
          web:
            <<: *c
            image: nginx
            build: {context: ., args: [A=1], dockerfile: Dockerfile}
            ports: [80, "8080:80", {target: 81, published: "8081"}]
            environment: {A: 1, B: true, C: null}
            volumes: ["./x:/x", {type: tmpfs, target: /t, tmpfs: {size: 1000}}]
            depends_on: {db: {condition: service_healthy}}
            healthcheck: {test: curl -f localhost, interval: 10s, retries: 3}
            deploy: {replicas: 2, resources: {limits: {cpus: "0.5", memory: 512m}}}
            ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 65535}
            x-custom: anything
          db:
            image: postgres
            command: ["postgres", "-c", "x=1"]
        networks:
          back: {driver: bridge}
        volumes:
          data: {}
        """);
  }

  @Test
  void messages_are_composes() {
    assertThat(error("services:\n  web:\n    image: x\n    foo: 1\n"))
        .isEqualTo("c.yaml:3:5: services.web additional property \"foo\" is not allowed");
    assertThat(error("services:\n  web:\n    ports: 80\n")).isEqualTo("c.yaml:3:12: services.web.ports must be a list");
    assertThat(error("services:\n  web:\n    image: [a]\n")).isEqualTo("c.yaml:3:12: services.web.image must be a string");
    assertThat(error("bogus: 1\n")).isEqualTo("c.yaml:1:1: (root) additional property \"bogus\" is not allowed");
    assertThat(error("services:\n  web:\n    environment: 3\n"))
        .isEqualTo("c.yaml:3:18: services.web.environment must be a mapping or list");
    assertThat(error("services:\n  web:\n    ports: [\"80\", \"80\"]\n")).endsWith("services.web.ports contains non-unique items");
    assertThat(error("services:\n  web:\n    deploy: {resources: {limits: {bogus: 1}}}\n"))
        .contains("services.web.deploy.resources.limits additional property \"bogus\" is not allowed");
  }

  @Test
  void interpolated_strings_are_accepted_where_numbers_and_booleans_are_expected() {
    valid("services:\n  web:\n    image: x\n    privileged: \"true\"\n    deploy: {replicas: \"3\"}\n");
    assertThatThrownBy(() -> valid("services:\n  web:\n    use_api_socket: \"maybe\"\n"))
        .hasMessageContaining("services.web.use_api_socket must be a boolean");
    valid("services:\n  web:\n    image: x\n    use_api_socket: \"true\"\n");
  }
}
