package io.berth.compose.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.compose.model.Project;
import io.berth.compose.model.Service;
import io.berth.compose.model.Service.Dependency;
import io.berth.compose.model.Service.Ulimit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalisationTest {
  @TempDir
  Path tmp;

  private Project load(String yaml) {
    return new LoaderFixture(tmp.resolve("proj")).write("compose.yaml", yaml).write("web.env", "FROM_FILE=1\nB=file\n")
        .load();
  }

  @Test
  void services_are_normalised_to_long_syntax() {
    Project p = load("""
        services:
          web:
            image: nginx
            command: sh -c 'echo hi'
            entrypoint: ["/bin/tini", "--"]
            env_file: [web.env, {path: missing.env, required: false}]
            environment: [A=1, B=env, HOME]
            ports: [80, "8080:80", {target: 443, published: 8443, host_ip: 127.0.0.1}]
            expose: [3000, "4000"]
            volumes: ["./site:/usr/share/nginx/html:ro", "data:/data", "/anon", "~/cfg:/cfg"]
            depends_on: [db]
            healthcheck: {test: "curl -f localhost", interval: 1m30s, timeout: 5s, retries: 3, start_period: 10s}
            restart: unless-stopped
            deploy: {replicas: 3, resources: {limits: {cpus: "0.5", memory: 512m, pids: 100}, reservations: {memory: 128m}}}
            ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 65535}
            labels: [com.example=1, flag]
            extra_hosts: ["somehost=162.242.195.82", "other:10.0.0.1"]
            stop_grace_period: 30s
            tmpfs: /run
            dns: 8.8.8.8
          db:
            image: postgres
            depends_on: {cache: {condition: service_healthy, restart: true}}
            healthcheck: {disable: true}
            networks: [back]
          cache:
            image: redis
            network_mode: host
            scale: 2
            healthcheck: {test: ["CMD", "redis-cli", "ping"]}
        networks:
          back: {}
          ext: {external: true}
          named: {name: my-net}
        volumes:
          data: {}
          extvol: {external: true, name: real}
        """);
    Service web = p.service("web").orElseThrow();
    Path dir = tmp.resolve("proj");
    assertThat(web.command()).contains(List.of("sh", "-c", "echo hi"));
    assertThat(web.entrypoint()).contains(List.of("/bin/tini", "--"));
    assertThat(web.environment()).containsExactly(Map.entry("FROM_FILE", "1"), Map.entry("B", "env"),
        Map.entry("A", "1"), Map.entry("HOME", "/home/u"));
    assertThat(web.ports()).containsExactly(new Service.Port("80", Optional.empty(), Optional.empty(), "tcp"),
        new Service.Port("80", Optional.of("8080"), Optional.empty(), "tcp"),
        new Service.Port("443", Optional.of("8443"), Optional.of("127.0.0.1"), "tcp"));
    assertThat(web.expose()).containsExactly("3000", "4000");
    assertThat(web.volumes()).extracting(Service.ServiceVolume::type).containsExactly("bind", "volume", "volume", "bind");
    assertThat(web.volumes().get(0).source()).contains(dir.resolve("site").toString());
    assertThat(web.volumes().get(0).createHostPath()).isTrue();
    assertThat(web.volumes().get(1).source()).contains("data");
    assertThat(web.volumes().get(2).source()).isEmpty();
    assertThat(web.volumes().get(3).source()).contains("/home/u/cfg");
    assertThat(web.dependsOn()).containsEntry("db", new Dependency("service_started", false, true));
    Service.Healthcheck h = web.healthcheck().orElseThrow();
    assertThat(h.test()).containsExactly("CMD-SHELL", "curl -f localhost");
    assertThat(h.interval()).contains(Duration.ofSeconds(90));
    assertThat(h.retries()).contains(3);
    assertThat(web.restart()).isEqualTo("unless-stopped");
    assertThat(web.scale()).isEqualTo(3);
    assertThat(web.resources().cpus()).contains(0.5);
    assertThat(web.resources().memory()).contains(512L << 20);
    assertThat(web.resources().memoryReservation()).contains(128L << 20);
    assertThat(web.resources().pids()).contains(100L);
    assertThat(web.ulimits()).containsEntry("nofile", new Ulimit(1024, 2048)).containsEntry("nproc", new Ulimit(65535, 65535));
    assertThat(web.labels()).containsEntry("com.example", "1").containsEntry("flag", "");
    assertThat(web.extraHosts()).containsExactly("somehost:162.242.195.82", "other:10.0.0.1");
    assertThat(web.stopGracePeriod()).contains(Duration.ofSeconds(30));
    assertThat(web.tmpfs()).containsExactly("/run");
    assertThat(web.dns()).containsExactly("8.8.8.8");
    assertThat(web.networks()).containsOnlyKeys("default");
    assertThat(web.pullPolicy()).isEqualTo("missing");

    Service db = p.service("db").orElseThrow();
    assertThat(db.dependsOn()).containsEntry("cache", new Dependency("service_healthy", true, true));
    assertThat(db.healthcheck().orElseThrow().test()).containsExactly("NONE");
    assertThat(db.networks()).containsOnlyKeys("back");
    Service cache = p.service("cache").orElseThrow();
    assertThat(cache.networks()).isEmpty();
    assertThat(cache.networkMode()).contains("host");
    assertThat(cache.scale()).isEqualTo(2);
    assertThat(cache.healthcheck().orElseThrow().test()).containsExactly("CMD", "redis-cli", "ping");

    assertThat(p.networks()).containsOnlyKeys("back", "ext", "named", "default");
    assertThat(p.networks().get("back").name()).isEqualTo("proj_back");
    assertThat(p.networks().get("ext").name()).isEqualTo("ext");
    assertThat(p.networks().get("ext").external()).isTrue();
    assertThat(p.networks().get("named").name()).isEqualTo("my-net");
    assertThat(p.networks().get("default").name()).isEqualTo("proj_default");
    assertThat(p.volumes().get("data").name()).isEqualTo("proj_data");
    assertThat(p.volumes().get("extvol").name()).isEqualTo("real");
  }

  @Test
  void secrets_and_configs_resolve_against_the_project() {
    Project p = load("""
        services:
          web:
            image: a
            secrets: [token, {source: key, target: k, mode: 0400}]
            configs: [conf]
        secrets:
          token: {file: ./token.txt}
          key: {environment: KEY}
        configs:
          conf: {content: "x=1"}
        """);
    Service web = p.service("web").orElseThrow();
    assertThat(web.secrets()).extracting(Service.FileRef::target).containsExactly("token", "k");
    assertThat(web.configs()).extracting(Service.FileRef::target).containsExactly("/conf");
    assertThat(p.secrets().get("token").file()).contains(tmp.resolve("proj/token.txt"));
    assertThat(p.secrets().get("token").name()).isEqualTo("proj_token");
    assertThat(p.configs().get("conf").content()).contains("x=1");
    assertThatThrownBy(() -> load("services:\n  web:\n    image: a\n    secrets: [nope]\n"))
        .hasMessageContaining("service \"web\" refers to undefined secret nope");
  }

  @Test
  void build_sections_resolve_paths_and_args() {
    Project p = new LoaderFixture(tmp.resolve("b")).write("compose.yaml", """
        services:
          app:
            build:
              context: ./app
              args: [FROM_ENV, LITERAL=x, ABSENT]
              target: prod
        """).load();
    Service.Build b = p.service("app").orElseThrow().build().orElseThrow();
    assertThat(b.context()).isEqualTo(tmp.resolve("b/app"));
    assertThat(b.dockerfile()).isEqualTo("Dockerfile");
    assertThat(b.args()).containsOnlyKeys("LITERAL");
    assertThat(b.target()).contains("prod");
  }

  @Test
  void bad_values_are_located() {
    assertThatThrownBy(() -> load("services:\n  web:\n    image: a\n    deploy: {replicas: \"three\"}\n"))
        .hasMessageContaining("compose.yaml:").hasMessageContaining("services.web.deploy.replicas must be a integer");
    assertThatThrownBy(() -> load("services:\n  web:\n    image: a\n    networks: [nope]\n"))
        .hasMessageContaining("service \"web\" refers to undefined network nope");
  }

  @Test
  void writer_prints_the_config_shape() {
    Project p = load("""
        services:
          web:
            image: nginx
            ports: ["8080:80"]
            volumes: ["data:/data"]
            healthcheck: {test: "true", interval: 90s}
          api:
            image: api
        volumes:
          data: {}
        """);
    String yaml = ProjectWriter.yaml(p);
    assertThat(yaml).startsWith("name: proj\nservices:\n  api:\n");
    assertThat(yaml).contains("""
          web:
            healthcheck:
              test:
                - CMD-SHELL
                - "true"
              interval: 1m30s
            image: nginx
            networks:
              default: null
            ports:
              - mode: ingress
                target: 80
                published: "8080"
                protocol: tcp
        """);
    assertThat(yaml).contains("networks:\n  default:\n    name: proj_default\nvolumes:\n  data:\n    name: proj_data\n");
  }
}
