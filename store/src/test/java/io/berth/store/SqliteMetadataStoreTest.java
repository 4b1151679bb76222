package io.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMetadataStoreTest {
  @TempDir Path dir;

  private Path db() { return dir.resolve("berth.db"); }

  @Test
  void open_creates_the_latest_schema() {
    try (MetadataStore store = MetadataStore.open(db())) {
      assertThat(store.schemaVersion()).isEqualTo(6);
      assertThat(rows(store, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"))
          .containsExactly("build_cache", "containers", "endpoints", "images", "layers", "networks", "repo_digests",
              "schema_version", "snapshots", "tags", "volumes");
      assertThat(rows(store, "SELECT name FROM sqlite_master WHERE type='index' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
          .containsExactly("build_cache_image_id", "containers_image_id", "endpoints_address", "endpoints_container_id",
              "repo_digests_image_id", "tags_image_id");
      assertThat(rows(store, "SELECT name FROM pragma_table_info('snapshots')"))
          .containsExactly("key", "id", "parent", "kind", "created");
      assertThat(rows(store, "SELECT name FROM pragma_table_info('layers')"))
          .containsExactly("chain_id", "diff_id", "parent", "blob_digest", "blob_media_type", "blob_size", "size", "created");
      assertThat(rows(store, "SELECT name FROM pragma_table_info('images')"))
          .containsExactly("id", "manifest_digest", "size", "created", "parent");
      assertThat(rows(store, "SELECT name FROM pragma_table_info('tags')"))
          .containsExactly("ref", "image_id", "created");
      assertThat(rows(store, "SELECT name FROM pragma_table_info('repo_digests')"))
          .containsExactly("ref", "image_id", "created");
      assertThat(rows(store, "SELECT name FROM pragma_table_info('containers')"))
          .containsExactly("id", "name", "image_id", "created", "config", "state");
      assertThat(rows(store, "SELECT name FROM pragma_table_info('build_cache')"))
          .containsExactly("key", "image_id", "parent", "created_by", "created", "last_used");
      assertThat(rows(store, "SELECT name FROM pragma_table_info('networks')"))
          .containsExactly("id", "name", "driver", "created", "config", "ipam_last");
      assertThat(rows(store, "SELECT name FROM pragma_table_info('endpoints')"))
          .containsExactly("network_id", "container_id", "seq", "config", "address", "mac", "if_name");
      assertThat(rows(store, "SELECT name FROM pragma_table_info('volumes')"))
          .containsExactly("name", "driver", "created", "anonymous", "config");
      assertThat(rows(store, "PRAGMA journal_mode")).containsExactly("wal");
      assertThat(rows(store, "PRAGMA foreign_keys")).containsExactly("1");
      assertThat(store.<List<String>>write(c -> strings(c, "PRAGMA foreign_keys"))).containsExactly("1");
      assertThat(rows(store, "SELECT version FROM schema_version ORDER BY version")).containsExactly("1", "2", "3", "4", "5", "6");
    }
  }

  @Test
  void write_commits_and_reopen_keeps_data() {
    try (MetadataStore store = MetadataStore.open(db())) {
      store.write(c -> insertImage(c, "sha256:aa"));
    }
    try (MetadataStore store = MetadataStore.open(db())) {
      assertThat(store.schemaVersion()).isEqualTo(6);
      assertThat(rows(store, "SELECT id FROM images")).containsExactly("sha256:aa");
    }
  }

  @Test
  void write_rolls_back_when_work_throws_and_the_exception_propagates_unchanged() {
    try (MetadataStore store = MetadataStore.open(db())) {
      BerthException.Conflict boom = BerthException.conflict("name in use: web");
      assertThatThrownBy(() -> store.write(c -> {
        insertImage(c, "sha256:aa");
        throw boom;
      })).isSameAs(boom);
      assertThat(rows(store, "SELECT id FROM images")).isEmpty();
      // The writer is usable afterwards.
      store.write(c -> insertImage(c, "sha256:bb"));
      assertThat(rows(store, "SELECT id FROM images")).containsExactly("sha256:bb");
    }
  }

  @Test
  void sql_exceptions_are_wrapped_in_internal_and_roll_back() {
    try (MetadataStore store = MetadataStore.open(db())) {
      assertThatThrownBy(() -> store.write(c -> {
        insertImage(c, "sha256:aa");
        return insertImage(c, "sha256:aa"); // primary key violation
      })).isInstanceOf(BerthException.Internal.class)
          .hasMessageStartingWith("metadata write failed")
          .hasCauseInstanceOf(SQLException.class);
      assertThat(rows(store, "SELECT id FROM images")).isEmpty();
      assertThatThrownBy(() -> rows(store, "SELECT nope FROM images"))
          .isInstanceOf(BerthException.Internal.class).hasCauseInstanceOf(SQLException.class);
    }
  }

  @Test
  void foreign_keys_are_enforced() {
    try (MetadataStore store = MetadataStore.open(db())) {
      assertThatThrownBy(() -> store.write(c -> update(c,
          "INSERT INTO tags(ref, image_id, created) VALUES ('docker.io/library/x:1', 'sha256:none', 1)")))
          .isInstanceOf(BerthException.Internal.class).hasMessageContaining("FOREIGN KEY");
    }
  }

  @Test
  void reads_are_read_only() {
    try (MetadataStore store = MetadataStore.open(db())) {
      assertThatThrownBy(() -> store.read(c -> insertImage(c, "sha256:aa")))
          .isInstanceOf(BerthException.Internal.class);
    }
  }

  @Test
  void nested_write_joins_the_outer_transaction_and_reads_inside_see_it() {
    try (MetadataStore store = MetadataStore.open(db())) {
      assertThatThrownBy(() -> store.write(c -> {
        insertImage(c, "sha256:aa");
        store.write(inner -> insertImage(inner, "sha256:bb"));
        assertThat(rows(store, "SELECT id FROM images ORDER BY id")).containsExactly("sha256:aa", "sha256:bb");
        throw BerthException.invalid("abort");
      })).isInstanceOf(BerthException.InvalidArgument.class);
      assertThat(rows(store, "SELECT id FROM images")).isEmpty();
    }
  }

  @Test
  void readers_run_concurrently_with_a_writer_and_see_committed_state() throws Exception {
    try (MetadataStore store = MetadataStore.open(db());
         ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      store.write(c -> insertImage(c, "sha256:aa"));
      CountDownLatch inWrite = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<?> writer = ex.submit(() -> store.write(c -> {
        insertImage(c, "sha256:bb");
        inWrite.countDown();
        await(release);
        return null;
      }));
      assertThat(inWrite.await(10, TimeUnit.SECONDS)).isTrue();
      List<Future<List<String>>> reads = new ArrayList<>();
      for (int i = 0; i < 8; i++) reads.add(ex.submit(() -> rows(store, "SELECT id FROM images")));
      for (Future<List<String>> r : reads) assertThat(r.get(10, TimeUnit.SECONDS)).containsExactly("sha256:aa");
      release.countDown();
      writer.get(10, TimeUnit.SECONDS);
      assertThat(rows(store, "SELECT id FROM images ORDER BY id")).containsExactly("sha256:aa", "sha256:bb");
    }
  }

  @Test
  void concurrent_writes_are_serialised() throws Exception {
    try (MetadataStore store = MetadataStore.open(db());
         ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> fs = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int n = i;
        fs.add(ex.submit(() -> store.write(c -> insertImage(c, "sha256:" + n))));
      }
      for (Future<Integer> f : fs) f.get(30, TimeUnit.SECONDS);
      assertThat(rows(store, "SELECT count(*) FROM images")).containsExactly("50");
    }
  }

  @Test
  void newer_database_is_refused() {
    try (MetadataStore store = MetadataStore.open(db())) {
      store.write(c -> update(c, "INSERT INTO schema_version(version, applied) VALUES (99, 0)"));
    }
    assertThatThrownBy(() -> MetadataStore.open(db()))
        .isInstanceOf(BerthException.Unavailable.class).hasMessageContaining("schema version 99");
  }

  @Test
  void closed_store_is_unavailable() {
    MetadataStore store = MetadataStore.open(db());
    store.close();
    store.close();
    assertThatThrownBy(() -> store.read(c -> 1)).isInstanceOf(BerthException.Unavailable.class);
    assertThatThrownBy(() -> store.write(c -> 1)).isInstanceOf(BerthException.Unavailable.class);
  }

  @Test
  void migration_script_splitting() {
    assertThat(Migrations.statements("-- c\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n  ON a(x);\n"))
        .containsExactly("CREATE TABLE a (x INT);", "CREATE INDEX i\n  ON a(x);");
    assertThat(Migrations.latest()).isEqualTo(6);
  }

  @Test
  void schema_v5_seeds_repo_digests_from_the_tags_of_pulled_images() throws Exception {
    String pulled = "sha256:" + "a".repeat(64);
    String local = "sha256:" + "b".repeat(64);
    String manifest = "sha256:" + "c".repeat(64);
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db())) {
      try (Statement st = c.createStatement()) {
        st.executeUpdate("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied INTEGER NOT NULL)");
        for (int v = 1; v <= 4; v++) {
          try (var in = Migrations.class.getResourceAsStream("schema-v" + v + ".sql")) {
            for (String sql : Migrations.statements(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))) {
              st.executeUpdate(sql);
            }
          }
          st.executeUpdate("INSERT INTO schema_version VALUES (" + v + ", 0)");
        }
        st.executeUpdate("INSERT INTO images(id, manifest_digest, size, created) VALUES ('" + pulled + "', '" + manifest
            + "', 0, 0), ('" + local + "', NULL, 0, 0)");
        st.executeUpdate("INSERT INTO tags(ref, image_id, created) VALUES "
            + "('docker.io/library/busybox:latest', '" + pulled + "', 1), "
            + "('localhost:5000/team/busybox:1.36', '" + pulled + "', 2), "
            + "('docker.io/library/busybox:other', '" + pulled + "', 3), "
            + "('docker.io/library/mine:1', '" + local + "', 4)");
      }
    }
    try (MetadataStore store = MetadataStore.open(db())) {
      assertThat(store.schemaVersion()).isEqualTo(6);
      assertThat(rows(store, "SELECT ref || ' ' || image_id FROM repo_digests ORDER BY created, ref")).containsExactly(
          "docker.io/library/busybox@" + manifest + " " + pulled,
          "localhost:5000/team/busybox@" + manifest + " " + pulled);
    }
  }

  private static List<String> rows(MetadataStore store, String sql) {
    return store.read(c -> strings(c, sql));
  }

  private static int insertImage(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO images(id, size, created) VALUES (?, 0, ?)")) {
      ps.setString(1, id);
      ps.setLong(2, System.currentTimeMillis());
      return ps.executeUpdate();
    }
  }

  private static int update(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      return st.executeUpdate(sql);
    }
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  private static void await(CountDownLatch l) {
    try { l.await(10, TimeUnit.SECONDS); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
  }
}
