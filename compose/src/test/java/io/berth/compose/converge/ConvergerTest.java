package io.berth.compose.converge;

import static io.berth.compose.converge.TestProjects.project;
import static io.berth.compose.converge.TestProjects.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.compose.model.Project;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConvergerTest {
  private final FakeEngine engine = new FakeEngine().image("busybox", "sha256:bb1");
  private final List<String> lines = new ArrayList<>();
  private final Progress progress = new Progress() {
    @Override public void event(String kind, String name, String status) { lines.add(Progress.line(kind, name, status)); }

    @Override public void warn(String message) { lines.add("WARN " + message); }
  };
  private Converger converger;

  @BeforeEach void setUp() { converger = new Converger(engine, progress, Duration.ofMillis(1)); }

  private Project app(String webEnv) {
    return project("p", List.of("data"),
        service("web").env("V", webEnv).health("wget -q -O- localhost").port("80", "8080").volume("data", "/data").build(),
        service("worker").dependsOn("web", "service_healthy").build());
  }

  @Test void up_creates_network_volume_and_containers_in_dependency_order() {
    engine.healthOnStart.put("web", "healthy");
    converger.up(app("1"), UpOptions.defaults());
    assertThat(engine.calls).containsExactly("network create p_default", "volume create p_data", "create p-web-1",
        "create p-worker-1", "start p-web-1", "start p-worker-1");
    assertThat(lines).containsSubsequence(" Network p_default  Created", " Volume p_data  Created",
        " Container p-web-1  Created", " Container p-worker-1  Created", " Container p-web-1  Started",
        " Container p-web-1  Waiting", " Container p-web-1  Healthy", " Container p-worker-1  Started");
  }

  @Test void containers_carry_compose_labels() {
    engine.healthOnStart.put("web", "healthy");
    converger.up(app("1"), UpOptions.defaults());
    Map<String, String> labels = engine.byName("p-worker-1").labels;
    assertThat(labels).containsEntry(Labels.PROJECT, "p").containsEntry(Labels.SERVICE, "worker")
        .containsEntry(Labels.NUMBER, "1").containsEntry(Labels.ONEOFF, "False")
        .containsEntry(Labels.WORKING_DIR, "/tmp/p").containsEntry(Labels.CONFIG_FILES, "/tmp/p/compose.yaml")
        .containsEntry(Labels.DEPENDS_ON, "web:service_healthy:false").containsKey(Labels.VERSION);
    assertThat(labels.get(Labels.CONFIG_HASH)).matches("[0-9a-f]{64}");
    assertThat(engine.networks.get("p_default")).containsEntry(Labels.PROJECT, "p").containsEntry(Labels.NETWORK, "default");
    assertThat(engine.volumes.get("p_data")).containsEntry(Labels.PROJECT, "p").containsEntry(Labels.VOLUME, "data");
    var web = engine.byName("p-web-1").request;
    assertThat(web.hostConfig().binds()).containsExactly("p_data:/data");
    assertThat(web.hostConfig().portBindings()).containsKey("80/tcp");
    assertThat(web.hostConfig().networkMode()).isEqualTo("p_default");
    assertThat(web.config().env()).containsExactly("V=1");
  }

  @Test void second_up_recreates_nothing_and_reports_running() {
    engine.healthOnStart.put("web", "healthy");
    converger.up(app("1"), UpOptions.defaults());
    engine.calls.clear();
    lines.clear();
    converger.up(app("1"), UpOptions.defaults());
    assertThat(engine.calls).isEmpty();
    assertThat(lines).containsExactly(" Container p-web-1  Running", " Container p-worker-1  Running");
  }

  @Test void changed_env_recreates_only_that_service() {
    engine.healthOnStart.put("web", "healthy");
    converger.up(app("1"), UpOptions.defaults());
    String oldId = engine.byName("p-web-1").id;
    engine.calls.clear();
    lines.clear();
    converger.up(app("2"), UpOptions.defaults());
    assertThat(engine.calls).containsExactly("stop p-web-1", "rename p-web-1 " + oldId.substring(0, 12) + "_p-web-1",
        "create p-web-1", "remove " + oldId.substring(0, 12) + "_p-web-1", "start p-web-1");
    assertThat(lines).contains(" Container p-web-1  Recreated", " Container p-worker-1  Running");
    assertThat(engine.byName("p-web-1").request.config().env()).containsExactly("V=2");
  }

  @Test void a_new_image_recreates_the_container() {
    Project p = project("p", List.of(), service("a").build());
    converger.up(p, UpOptions.defaults());
    engine.image("busybox", "sha256:bb2");
    engine.calls.clear();
    converger.up(p, UpOptions.defaults());
    assertThat(engine.calls).contains("create p-a-1");
    assertThat(engine.containers).hasSize(1);
  }

  @Test void scale_up_adds_numbers_and_scale_down_removes_the_highest() {
    Project p = project("p", List.of(), service("a").build());
    converger.up(p, UpOptions.defaults().withScale(Map.of("a", 3)));
    assertThat(engine.containers.values()).extracting(c -> c.name).containsExactly("p-a-1", "p-a-2", "p-a-3");
    engine.calls.clear();
    converger.up(p, UpOptions.defaults().withScale(Map.of("a", 2)));
    assertThat(engine.calls).containsExactly("stop p-a-3", "remove p-a-3");
    assertThat(engine.containers.values()).extracting(c -> c.name).containsExactly("p-a-1", "p-a-2");
  }

  @Test void scaling_does_not_change_the_config_hash() {
    var one = service("a").build();
    var three = service("a").scale(3).build();
    assertThat(ConfigHash.of(one, "sha256:x")).isEqualTo(ConfigHash.of(three, "sha256:x"))
        .isNotEqualTo(ConfigHash.of(one, "sha256:y"));
  }

  @Test void force_recreate_and_no_recreate() {
    Project p = project("p", List.of(), service("a").build());
    converger.up(p, UpOptions.defaults());
    engine.calls.clear();
    converger.up(p, UpOptions.defaults().withRecreate(Planner.Recreate.FORCE));
    assertThat(engine.calls).contains("create p-a-1");
    engine.calls.clear();
    Project changed = project("p", List.of(), service("a").env("X", "1").build());
    converger.up(changed, UpOptions.defaults().withRecreate(Planner.Recreate.NEVER));
    assertThat(engine.calls).isEmpty();
  }

  @Test void a_stopped_unchanged_container_is_started_not_recreated() {
    Project p = project("p", List.of(), service("a").build());
    converger.up(p, UpOptions.defaults());
    engine.byName("p-a-1").state = "exited";
    engine.calls.clear();
    converger.up(p, UpOptions.defaults());
    assertThat(engine.calls).containsExactly("start p-a-1");
  }

  @Test void unhealthy_dependency_fails_with_composes_message() {
    engine.healthOnStart.put("web", "unhealthy");
    assertThatThrownBy(() -> converger.up(app("1"), UpOptions.defaults()))
        .hasMessage("dependency failed to start: container p-web-1 is unhealthy");
    assertThat(engine.calls).doesNotContain("start p-worker-1");
  }

  @Test void completed_successfully_waits_for_exit_zero() {
    Project p = project("p", List.of(), service("init").build(),
        service("app").dependsOn("init", "service_completed_successfully").build());
    engine.exitOnStart.put("init", 3);
    assertThatThrownBy(() -> converger.up(p, UpOptions.defaults()))
        .hasMessage("service \"init\" didn't complete successfully: exit 3");
  }

  @Test void a_dependency_cycle_is_an_error() {
    Project p = project("p", List.of(), service("a").dependsOn("b", "service_started").build(),
        service("b").dependsOn("a", "service_started").build());
    assertThatThrownBy(() -> converger.up(p, UpOptions.defaults())).hasMessageStartingWith("dependency cycle detected: ");
  }

  @Test void a_missing_external_network_is_an_error() {
    var svc = service("a").build();
    var withNet = new io.berth.compose.model.Service(svc.name(), svc.image(), svc.build(), svc.command(), svc.entrypoint(),
        svc.environment(), svc.ports(), svc.expose(), svc.volumes(), svc.volumesFrom(),
        Map.of("outside", new io.berth.compose.model.Service.ServiceNetwork(List.of(), Optional.empty(), Optional.empty())),
        svc.networkMode(), svc.dependsOn(), svc.healthcheck(), svc.restart(), svc.scale(), svc.resources(), svc.labels(),
        svc.user(), svc.workingDir(), svc.hostname(), svc.domainname(), svc.stopSignal(), svc.stopGracePeriod(), svc.tty(),
        svc.stdinOpen(), svc.init(), svc.readOnly(), svc.privileged(), svc.tmpfs(), svc.ulimits(), svc.capAdd(),
        svc.capDrop(), svc.extraHosts(), svc.dns(), svc.dnsSearch(), svc.securityOpt(), svc.sysctls(),
        svc.containerName(), svc.pullPolicy(), svc.profiles(), svc.secrets(), svc.configs(), svc.platform(), svc.logging());
    var net = new Project.NetworkDef("outside", "x", "bridge", Map.of(), true, false, false, List.of(), Map.of());
    Project p = new Project("p", java.nio.file.Path.of("/tmp/p"), List.of(), Map.of("a", withNet), Map.of(),
        Map.of("outside", net), Map.of(), Map.of(), Map.of());
    assertThatThrownBy(() -> converger.up(p, UpOptions.defaults()))
        .hasMessage("network x declared as external, but could not be found");
  }

  @Test void orphans_are_warned_of_or_removed() {
    converger.up(project("p", List.of(), service("a").build(), service("old").build()), UpOptions.defaults());
    Project now = project("p", List.of(), service("a").build());
    lines.clear();
    converger.up(now, UpOptions.defaults());
    assertThat(lines).anyMatch(l -> l.startsWith("WARN Found orphan containers ([p-old-1]) for this project."));
    converger.up(now, UpOptions.defaults().withRemoveOrphans(true));
    assertThat(engine.containers.values()).extracting(c -> c.name).containsExactly("p-a-1");
  }

  @Test void a_missing_image_is_pulled() {
    Project p = project("p", List.of(), service("a").build());
    engine.images.clear();
    converger.up(p, UpOptions.defaults());
    assertThat(engine.calls).startsWith("network create p_default", "pull busybox");
    assertThat(lines).contains(" a Pulling", " a Pulled");
  }

  @Test void down_removes_containers_networks_and_with_v_volumes() {
    engine.healthOnStart.put("web", "healthy");
    converger.up(app("1"), UpOptions.defaults());
    engine.calls.clear();
    new Lifecycle(engine, progress).down(app("1"), new Lifecycle.DownOptions(false, true, Optional.empty(), OptionalInt.empty()));
    assertThat(engine.calls).containsExactly("stop p-worker-1", "remove p-worker-1", "stop p-web-1", "remove p-web-1",
        "network rm p_default", "volume rm p_data");
    assertThat(engine.containers).isEmpty();
    assertThat(engine.networks).isEmpty();
    assertThat(engine.volumes).isEmpty();
  }

  @Test void down_keeps_volumes_without_v_and_networks_not_of_the_project() {
    converger.up(project("p", List.of("data"), service("a").volume("data", "/d").build()), UpOptions.defaults());
    engine.networks.put("other", Map.of());
    new Lifecycle(engine, progress).down(project("p", List.of("data"), service("a").build()),
        new Lifecycle.DownOptions(false, false, Optional.empty(), OptionalInt.empty()));
    assertThat(engine.volumes).containsKey("p_data");
    assertThat(engine.networks).containsOnlyKeys("other");
  }

  @Test void stop_goes_dependents_first_and_start_dependencies_first() {
    Project p = project("p", List.of(), service("db").build(), service("app").dependsOn("db", "service_started").build());
    converger.up(p, UpOptions.defaults());
    engine.calls.clear();
    var life = new Lifecycle(engine, progress);
    life.stop(p, List.of(), OptionalInt.empty());
    life.start(p, List.of());
    assertThat(engine.calls).containsExactly("stop p-app-1", "stop p-db-1", "start p-db-1", "start p-app-1");
  }

  @Test void a_recreated_dependency_restarts_dependents_that_ask_for_it() {
    Project p1 = project("p", List.of(), service("db").env("V", "1").build(), service("app").dependsOnRestart("db").build(),
        service("other").dependsOn("db", "service_started").build());
    converger.up(p1, UpOptions.defaults());
    engine.calls.clear();
    Project p2 = project("p", List.of(), service("db").env("V", "2").build(), service("app").dependsOnRestart("db").build(),
        service("other").dependsOn("db", "service_started").build());
    converger.up(p2, UpOptions.defaults());
    assertThat(engine.calls).endsWith("start p-db-1", "stop p-app-1", "start p-app-1");
    assertThat(engine.calls).doesNotContain("stop p-other-1");
  }

  @Test void a_recreated_container_keeps_its_anonymous_volumes() {
    var anon = new io.berth.compose.model.Service.ServiceVolume("volume", Optional.empty(), "/cache", false, false, false,
        Optional.empty(), Optional.empty(), Optional.empty());
    var s1 = service("a").env("V", "1").build();
    var s2 = service("a").env("V", "2").build();
    java.util.function.Function<io.berth.compose.model.Service, Project> withAnon = s -> project("p", List.of(),
        new io.berth.compose.model.Service(s.name(), s.image(), s.build(), s.command(), s.entrypoint(), s.environment(),
            s.ports(), s.expose(), List.of(anon), s.volumesFrom(), s.networks(), s.networkMode(), s.dependsOn(),
            s.healthcheck(), s.restart(), s.scale(), s.resources(), s.labels(), s.user(), s.workingDir(), s.hostname(),
            s.domainname(), s.stopSignal(), s.stopGracePeriod(), s.tty(), s.stdinOpen(), s.init(), s.readOnly(),
            s.privileged(), s.tmpfs(), s.ulimits(), s.capAdd(), s.capDrop(), s.extraHosts(), s.dns(), s.dnsSearch(),
            s.securityOpt(), s.sysctls(), s.containerName(), s.pullPolicy(), s.profiles(), s.secrets(), s.configs(),
            s.platform(), s.logging()));
    converger.up(withAnon.apply(s1), UpOptions.defaults());
    assertThat(engine.byName("p-a-1").request.config().volumes()).containsOnlyKeys("/cache");
    engine.anonymous.put("p-a-1", Map.of("/cache", "f".repeat(64)));
    converger.up(withAnon.apply(s2), UpOptions.defaults());
    var created = engine.byName("p-a-1").request;
    assertThat(created.hostConfig().binds()).containsExactly("f".repeat(64) + ":/cache");
    assertThat(created.config().volumes()).isEmpty();
    engine.volumes.put("f".repeat(64), Map.of());
    new Lifecycle(engine, progress).down(withAnon.apply(s2), new Lifecycle.DownOptions(false, true, Optional.empty(),
        OptionalInt.empty()));
    assertThat(engine.volumes).isEmpty();
  }
}
