package io.berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import io.berth.store.MetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The volume use cases over a real metadata store and data directory. */
class VolumeServiceTest {
  @TempDir Path dir;
  private MetadataStore db;
  private VolumeService service;
  private final Map<String, List<String>> users = new HashMap<>();

  @BeforeEach
  void open() {
    db = MetadataStore.open(dir.resolve("berth.db"));
    service = new VolumeService(new VolumeStore(db, dir.resolve("volumes")),
        name -> users.getOrDefault(name, List.of()), Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void create_makes_the_data_directory_in_dockers_layout() throws Exception {
    Volume v = service.create("data", "", Map.of("a", "b"), Map.of());
    assertThat(v.mountpoint()).isEqualTo(dir.resolve("volumes/data/_data"));
    assertThat(Files.isDirectory(v.mountpoint())).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("volumes/data"))))
        .isEqualTo("rwx-----x");
    assertThat(v.driver()).isEqualTo("local");
    assertThat(v.anonymous()).isFalse();
    assertThat(service.get("data")).isEqualTo(v);
    assertThat(service.get("data").labels()).containsEntry("a", "b");
  }

  @Test
  void create_is_idempotent_and_keeps_the_first_labels() {
    service.create("data", "local", Map.of("a", "1"), Map.of());
    Volume again = service.create("data", "local", Map.of("a", "2"), Map.of());
    assertThat(again.labels()).containsEntry("a", "1");
    assertThat(service.list()).hasSize(1);
  }

  @Test
  void anonymous_volumes_get_a_random_hex_name_and_the_anonymous_label() {
    Volume a = service.create("", "", Map.of(), Map.of());
    Volume b = service.create(null, null, Map.of(), Map.of());
    assertThat(a.name()).matches("[0-9a-f]{64}").isNotEqualTo(b.name());
    assertThat(a.anonymous()).isTrue();
    assertThat(a.labels()).containsEntry(Volume.ANONYMOUS_LABEL, "");
  }

  @Test
  void create_refuses_bad_names_options_and_drivers() {
    assertThatThrownBy(() -> service.create("a", "", Map.of(), Map.of()))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("create a: \"a\" includes invalid characters for a local volume name, only "
            + "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
    assertThatThrownBy(() -> service.create("_x", "", Map.of(), Map.of())).isInstanceOf(BerthException.InvalidArgument.class);
    assertThatThrownBy(() -> service.create("x/y", "", Map.of(), Map.of())).isInstanceOf(BerthException.InvalidArgument.class);
    assertThatThrownBy(() -> service.create("ok", "", Map.of(), Map.of("foo", "bar")))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("create ok: invalid option key: \"foo\"");
    assertThatThrownBy(() -> service.create("ok", "nfs", Map.of(), Map.of()))
        .isInstanceOf(BerthException.NotFound.class)
        .hasMessage("error looking up volume plugin nfs: plugin \"nfs\" not found");
    assertThat(service.list()).isEmpty();
  }

  @Test
  void remove_refuses_a_volume_in_use_and_force_only_ignores_missing() throws Exception {
    Volume v = service.create("data", "", Map.of(), Map.of());
    Files.writeString(v.mountpoint().resolve("f"), "x");
    users.put("data", List.of("c1", "c2"));
    assertThatThrownBy(() -> service.remove("data", true))
        .isInstanceOf(BerthException.Conflict.class).hasMessage("remove data: volume is in use - [c1, c2]");
    users.clear();
    service.remove("data", false);
    assertThat(Files.exists(dir.resolve("volumes/data"))).isFalse();
    assertThat(service.find("data")).isEmpty();
    assertThatThrownBy(() -> service.remove("data", false))
        .isInstanceOf(BerthException.NotFound.class).hasMessage("get data: no such volume");
    service.remove("data", true);
  }

  @Test
  void prune_takes_unused_anonymous_volumes_unless_all() throws Exception {
    Volume anon = service.create("", "", Map.of(), Map.of());
    Files.writeString(anon.mountpoint().resolve("f"), "12345");
    Volume used = service.create("", "", Map.of(), Map.of());
    users.put(used.name(), List.of("c"));
    service.create("named", "", Map.of("keep", "1"), Map.of());
    service.create("other", "", Map.of(), Map.of());

    VolumeService.Pruned p = service.prune(false, v -> true);
    assertThat(p.names()).containsExactly(anon.name());
    assertThat(p.reclaimed()).isEqualTo(5);

    p = service.prune(true, v -> !v.labels().containsKey("keep"));
    assertThat(p.names()).containsExactly("other");
    assertThat(service.list()).extracting(Volume::name).containsExactlyInAnyOrder(used.name(), "named");
  }

  @Test
  void usage_counts_size_and_references() throws Exception {
    Volume v = service.create("data", "", Map.of(), Map.of());
    Files.writeString(v.mountpoint().resolve("f"), "abc");
    Files.createSymbolicLink(v.mountpoint().resolve("l"), Path.of("/"));
    users.put("data", List.of("c"));
    assertThat(service.usage()).singleElement().satisfies(u -> {
      assertThat(u.size()).isEqualTo(4);
      assertThat(u.refCount()).isEqualTo(1);
    });
  }
}
