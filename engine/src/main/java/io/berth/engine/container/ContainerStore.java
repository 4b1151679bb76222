package io.berth.engine.container;

import io.berth.oci.Digest;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.store.MetadataStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Persists containers in the {@code containers} table (store/README.md): identity columns plus the
 * config and state as JSON. The state is written on every transition so that a berthd started after
 * a crash knows what was running.
 */
public final class ContainerStore {
  private final MetadataStore db;

  public ContainerStore(MetadataStore db) {
    this.db = db;
  }

  /**
   * JSON form of the state, with times as RFC 3339 strings (as Docker shows them). Fields added later
   * are absent from older rows and read as false/0/null; {@code health} is null for containers
   * without a healthcheck.
   */
  record StateRow(String status, int pid, int exitCode, String error, String startedAt,
      String finishedAt, int restartCount, boolean manuallyStopped, HealthRow health, boolean oomKilled) {
    static StateRow of(ContainerState s) {
      return new StateRow(s.status().word(), s.pid(), s.exitCode(), s.error(),
          s.startedAt().map(Instant::toString).orElse(""), s.finishedAt().map(Instant::toString).orElse(""),
          s.restartCount(), s.manuallyStopped(), s.health().map(HealthRow::of).orElse(null), s.oomKilled());
    }

    ContainerState toState() {
      return new ContainerState(ContainerState.Status.of(status), pid, exitCode, error == null ? "" : error,
          time(startedAt), time(finishedAt), restartCount, manuallyStopped,
          Optional.ofNullable(health).map(HealthRow::toHealth), oomKilled);
    }

    private static Optional<Instant> time(String s) {
      return s == null || s.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(s));
    }
  }

  /** JSON form of {@link ContainerHealth}. */
  record HealthRow(String status, int failingStreak, List<ResultRow> log) {
    static HealthRow of(ContainerHealth h) {
      return new HealthRow(h.status().word(), h.failingStreak(), h.log().stream()
          .map(r -> new ResultRow(r.start().toString(), r.end().toString(), r.exitCode(), r.output())).toList());
    }

    ContainerHealth toHealth() {
      return new ContainerHealth(ContainerHealth.Status.of(status), failingStreak, log == null ? List.of()
          : log.stream().map(r -> new ContainerHealth.Result(Instant.parse(r.start()), Instant.parse(r.end()),
              r.exitCode(), r.output())).toList());
    }
  }

  record ResultRow(String start, String end, int exitCode, String output) {}

  /** Inserts a new container; a taken name is Docker's 409. */
  public void insert(Container c) {
    db.write(conn -> {
      try (PreparedStatement q = conn.prepareStatement("SELECT id FROM containers WHERE name = ?")) {
        q.setString(1, c.name());
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) throw nameInUse(c.name(), rs.getString(1));
        }
      }
      try (PreparedStatement ins = conn.prepareStatement(
          "INSERT INTO containers(id, name, image_id, created, config, state) VALUES (?,?,?,?,?,?)")) {
        ins.setString(1, c.id());
        ins.setString(2, c.name());
        ins.setString(3, c.imageId().toString());
        ins.setLong(4, c.created().toEpochMilli());
        ins.setString(5, Json.string(c.config()));
        ins.setString(6, Json.string(StateRow.of(c.state())));
        ins.executeUpdate();
      }
      return null;
    });
  }

  public static BerthException nameInUse(String name, String ownerId) {
    return BerthException.conflict("Conflict. The container name \"/%s\" is already in use by container \"%s\". "
        + "You have to remove (or rename) that container to be able to reuse that name.", name, ownerId);
  }

  public void updateState(String id, ContainerState state) {
    db.write(conn -> {
      try (PreparedStatement up = conn.prepareStatement("UPDATE containers SET state = ? WHERE id = ?")) {
        up.setString(1, Json.string(StateRow.of(state)));
        up.setString(2, id);
        up.executeUpdate();
      }
      return null;
    });
  }

  /** Replaces container {@code id}'s config ({@code update}: new limits, restart policy). */
  public void updateConfig(String id, ContainerConfig config) {
    db.write(conn -> {
      try (PreparedStatement up = conn.prepareStatement("UPDATE containers SET config = ? WHERE id = ?")) {
        up.setString(1, Json.string(config));
        up.setString(2, id);
        up.executeUpdate();
      }
      return null;
    });
  }

  /** Gives container {@code id} the name {@code newName}; a name another container holds is Docker's 409. */
  public void rename(String id, String newName) {
    db.write(conn -> {
      try (PreparedStatement q = conn.prepareStatement("SELECT id FROM containers WHERE name = ?")) {
        q.setString(1, newName);
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) throw nameInUse(newName, rs.getString(1));
        }
      }
      try (PreparedStatement up = conn.prepareStatement("UPDATE containers SET name = ? WHERE id = ?")) {
        up.setString(1, newName);
        up.setString(2, id);
        up.executeUpdate();
      }
      return null;
    });
  }

  public void delete(String id) {
    db.write(conn -> {
      try (PreparedStatement del = conn.prepareStatement("DELETE FROM containers WHERE id = ?")) {
        del.setString(1, id);
        del.executeUpdate();
      }
      return null;
    });
  }

  public Optional<Container> get(String id) {
    return db.read(conn -> {
      List<Container> found = query(conn, "SELECT * FROM containers WHERE id = ?", id);
      return found.stream().findFirst();
    });
  }

  public Optional<Container> byName(String name) {
    return db.read(conn -> query(conn, "SELECT * FROM containers WHERE name = ?", name).stream().findFirst());
  }

  /** Containers whose ID starts with {@code hexPrefix} (callers pass only [0-9a-f]). */
  public List<Container> byIdPrefix(String hexPrefix) {
    return db.read(conn -> query(conn, "SELECT * FROM containers WHERE id LIKE ? LIMIT 2", hexPrefix + "%"));
  }

  public List<Container> all() {
    return db.read(conn -> query(conn, "SELECT * FROM containers ORDER BY created DESC, id"));
  }

  /** True when any container (in any state) was created from {@code imageId}. */
  public List<Container> usingImage(Digest imageId) {
    return db.read(conn -> query(conn, "SELECT * FROM containers WHERE image_id = ?", imageId.toString()));
  }

  private static List<Container> query(Connection conn, String sql, String... args) throws SQLException {
    try (PreparedStatement q = conn.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) q.setString(i + 1, args[i]);
      try (ResultSet rs = q.executeQuery()) {
        var out = new ArrayList<Container>();
        while (rs.next()) {
          out.add(new Container(rs.getString("id"), rs.getString("name"),
              Instant.ofEpochMilli(rs.getLong("created")), Digest.parse(rs.getString("image_id")),
              Json.read(rs.getString("config").getBytes(), ContainerConfig.class),
              Json.read(rs.getString("state").getBytes(), StateRow.class).toState()));
        }
        return out;
      }
    }
  }
}
