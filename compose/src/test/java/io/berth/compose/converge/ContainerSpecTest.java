package io.berth.compose.converge;

import static io.berth.compose.converge.TestProjects.project;
import static io.berth.compose.converge.TestProjects.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.compose.model.Project;
import io.berth.compose.model.Service;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerSpecTest {
  private static Service withSecret(Service s, String source, String target) {
    return new Service(s.name(), s.image(), s.build(), s.command(), s.entrypoint(), s.environment(), s.ports(),
        s.expose(), s.volumes(), s.volumesFrom(), s.networks(), s.networkMode(), s.dependsOn(), s.healthcheck(),
        "on-failure:3", s.scale(), s.resources(), s.labels(), s.user(), s.workingDir(), s.hostname(), s.domainname(),
        s.stopSignal(), s.stopGracePeriod(), s.tty(), s.stdinOpen(), s.init(), s.readOnly(), s.privileged(), s.tmpfs(),
        s.ulimits(), s.capAdd(), s.capDrop(), s.extraHosts(), s.dns(), s.dnsSearch(), s.securityOpt(), s.sysctls(),
        s.containerName(), s.pullPolicy(), s.profiles(),
        List.of(new Service.FileRef(source, target, Optional.empty(), Optional.empty(), Optional.empty())), s.configs(),
        s.platform(), s.logging());
  }

  private static Project withSecrets(Project p, Map<String, Project.FileDef> secrets) {
    return new Project(p.name(), p.workingDir(), p.composeFiles(), p.services(), p.disabled(), p.networks(), p.volumes(),
        secrets, p.configs());
  }

  @Test void file_secrets_are_bound_read_only_under_run_secrets() {
    Service s = withSecret(service("a").build(), "token", "");
    Project p = withSecrets(project("p", List.of(), s), Map.of("token",
        new Project.FileDef("token", "p_token", Optional.of(Path.of("/srv/token.txt")), Optional.empty(), Optional.empty(), false)));
    var spec = ContainerSpec.of(p, s, 1, false, "h", "sha256:i", Map.of());
    assertThat(spec.request().hostConfig().binds()).containsExactly("/srv/token.txt:/run/secrets/token:ro");
    assertThat(spec.request().hostConfig().restartPolicy().name()).isEqualTo("on-failure");
    assertThat(spec.request().hostConfig().restartPolicy().maximumRetryCount()).isEqualTo(3);
  }

  @Test void an_undefined_secret_is_an_error() {
    Service s = withSecret(service("a").build(), "nope", "");
    assertThatThrownBy(() -> ContainerSpec.of(project("p", List.of(), s), s, 1, false, "h", "i", Map.of()))
        .hasMessageContaining("undefined secret nope");
  }

  @Test void a_port_range_is_expanded_and_run_leaves_ports_unpublished() {
    Service s = service("a").port("80-81", "8080-8081").build();
    Project p = project("p", List.of(), s);
    var spec = ContainerSpec.of(p, s, 2, false, "h", "i", Map.of());
    assertThat(spec.request().hostConfig().portBindings()).containsOnlyKeys("80/tcp", "81/tcp");
    assertThat(spec.request().hostConfig().portBindings().get("81/tcp").getFirst().hostPort()).isEqualTo("8081");
    assertThat(spec.request().config().labels()).containsEntry(Labels.NUMBER, "2");
    var oneoff = ContainerSpec.of(p, s, 1, true, "h", "i", Map.of(), false);
    assertThat(oneoff.request().hostConfig().portBindings()).isEmpty();
    assertThat(oneoff.request().config().exposedPorts()).containsOnlyKeys("80/tcp", "81/tcp");
    assertThat(oneoff.request().config().labels()).containsEntry(Labels.ONEOFF, "True");
  }

  @Test void tmpfs_entries_tmpfs_volumes_and_volumes_from_reach_the_host_config(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    java.nio.file.Files.writeString(dir.resolve("compose.yaml"), """
        name: t
        services:
          data:
            image: busybox
          app:
            image: busybox
            tmpfs: ["/run", "/cache:size=1m"]
            volumes:
              - type: tmpfs
                target: /scratch
                tmpfs: {size: 2m, mode: 01770}
            volumes_from: ["data:ro", "container:other"]
        """);
    Project p = io.berth.compose.load.ProjectLoader.load(new io.berth.compose.load.LoadOptions(List.of(), false,
        Optional.empty(), Optional.of(dir), List.of(), List.of(), Map.of(), java.io.InputStream.nullInputStream()));
    assertThat(p.services().get("app").dependsOn()).containsOnlyKeys("data"); // volumes_from's implicit dependency
    var host = ContainerSpec.of(p, p.services().get("app"), 1, false, "h", "i", Map.of()).request().hostConfig();
    var mounts = host.mountSettings();
    assertThat(mounts.tmpfs()).contains(Map.of("/run", "", "/cache", "size=1m"));
    assertThat(mounts.volumesFrom()).contains(List.of("t-data-1:ro", "other"));
    var scratch = mounts.mounts().orElseThrow().getFirst();
    assertThat(scratch.type()).isEqualTo("tmpfs");
    assertThat(scratch.target()).isEqualTo("/scratch");
    assertThat(scratch.tmpfsOptions().orElseThrow().sizeBytes()).isEqualTo(2L << 20);
    assertThat(scratch.tmpfsOptions().orElseThrow().mode()).isEqualTo(01770);
  }
}
