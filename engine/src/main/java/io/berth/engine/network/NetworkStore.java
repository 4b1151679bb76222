package io.berth.engine.network;

import io.berth.engine.container.NetworkOptions.EndpointConfig;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.store.MetadataStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Persists networks and endpoints (tables {@code networks} and {@code endpoints}, store/README.md),
 * and hands out addresses: {@link #allocate} picks and records an address in one transaction, so no
 * address is ever given twice, also with concurrent starts.
 */
public final class NetworkStore {
  private final MetadataStore db;

  public NetworkStore(MetadataStore db) {
    this.db = db;
  }

  /** The JSON form of a network's configuration (column {@code config}). */
  record ConfigRow(String subnet, String gateway, String ipRange, String bridge, boolean internal, boolean attachable,
      Map<String, String> labels, Map<String, String> options, boolean predefined) {
    static ConfigRow of(Network n) {
      return new ConfigRow(n.subnet().map(Object::toString).orElse(""), n.gateway().orElse(""),
          n.ipRange().map(Object::toString).orElse(""), n.bridge(), n.internal(), n.attachable(), n.labels(),
          n.options(), n.predefined());
    }
  }

  // ---- networks --------------------------------------------------------------------------------

  /** Inserts {@code n}; a taken name is Docker's 409. */
  public void insert(Network n) {
    db.write(c -> {
      if (byName(c, n.name()).isPresent()) throw BerthException.conflict("network with name %s already exists", n.name());
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO networks(id, name, driver, created, config) VALUES (?,?,?,?,?)")) {
        ps.setString(1, n.id());
        ps.setString(2, n.name());
        ps.setString(3, n.driver());
        ps.setLong(4, n.created().toEpochMilli());
        ps.setString(5, Json.string(ConfigRow.of(n)));
        ps.executeUpdate();
      }
      return null;
    });
  }

  public List<Network> all() {
    return db.read(c -> query(c, "SELECT id, name, driver, created, config FROM networks ORDER BY created, name"));
  }

  public Optional<Network> get(String id) {
    return db.read(c -> query(c, "SELECT id, name, driver, created, config FROM networks WHERE id = ?", id)
        .stream().findFirst());
  }

  public Optional<Network> byName(String name) {
    return db.read(c -> byName(c, name));
  }

  private static Optional<Network> byName(Connection c, String name) throws SQLException {
    return query(c, "SELECT id, name, driver, created, config FROM networks WHERE name = ?", name).stream().findFirst();
  }

  /** Deletes network {@code id}; refused while any container belongs to it. */
  public void delete(String id, BerthException inUse) {
    db.write(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM endpoints WHERE network_id = ? LIMIT 1")) {
        q.setString(1, id);
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) throw inUse;
        }
      }
      try (PreparedStatement d = c.prepareStatement("DELETE FROM networks WHERE id = ?")) {
        d.setString(1, id);
        d.executeUpdate();
      }
      return null;
    });
  }

  private static List<Network> query(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
      List<Network> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ConfigRow r = Json.mapper().readValue(rs.getString(5), ConfigRow.class);
          out.add(new Network(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
              subnet(r.subnet()), text(r.gateway()), subnet(r.ipRange()), r.bridge(), r.internal(), r.attachable(),
              r.labels() == null ? Map.of() : r.labels(), r.options() == null ? Map.of() : r.options(), r.predefined()));
        }
      } catch (java.io.IOException e) {
        throw new SQLException("unreadable network row: " + e.getMessage(), e);
      }
      return out;
    }
  }

  private static Optional<String> text(String s) { return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s); }

  private static Optional<Ipv4Subnet> subnet(String s) { return text(s).map(Ipv4Subnet::parse); }

  // ---- endpoints -------------------------------------------------------------------------------

  /** Records that {@code containerId} joins {@code networkId}; joining twice is Docker's 403-ish conflict. */
  public void join(String networkId, String containerId, EndpointConfig config, String networkName) {
    db.write(c -> {
      int seq = 0;
      try (PreparedStatement q = c.prepareStatement(
          "SELECT network_id, seq FROM endpoints WHERE container_id = ?")) {
        q.setString(1, containerId);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            if (rs.getString(1).equals(networkId)) {
              throw new BerthException.Forbidden("endpoint with name " + containerName(c, containerId)
                  + " already exists in network " + networkName);
            }
            seq = Math.max(seq, rs.getInt(2) + 1);
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO endpoints(network_id, container_id, seq, config) VALUES (?,?,?,?)")) {
        ps.setString(1, networkId);
        ps.setString(2, containerId);
        ps.setInt(3, seq);
        ps.setString(4, Json.string(config));
        ps.executeUpdate();
      }
      return null;
    });
  }

  private static String containerName(Connection c, String id) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT name FROM containers WHERE id = ?")) {
      q.setString(1, id);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getString(1) : id;
      }
    }
  }

  /** Removes {@code containerId} from {@code networkId}; false when it was not a member. */
  public boolean leave(String networkId, String containerId) {
    return db.write(c -> {
      try (PreparedStatement d = c.prepareStatement("DELETE FROM endpoints WHERE network_id = ? AND container_id = ?")) {
        d.setString(1, networkId);
        d.setString(2, containerId);
        return d.executeUpdate() > 0;
      }
    });
  }

  /** Removes every endpoint of a removed container. */
  public void leaveAll(String containerId) {
    db.write(c -> {
      try (PreparedStatement d = c.prepareStatement("DELETE FROM endpoints WHERE container_id = ?")) {
        d.setString(1, containerId);
        d.executeUpdate();
      }
      return null;
    });
  }

  /** The container's networks in the order it joined them. */
  public List<Attachment> ofContainer(String containerId) {
    return db.read(c -> endpoints(c, "SELECT network_id, container_id, seq, config, address, mac, if_name FROM endpoints"
        + " WHERE container_id = ? ORDER BY seq", containerId));
  }

  public List<Attachment> ofNetwork(String networkId) {
    return db.read(c -> endpoints(c, "SELECT network_id, container_id, seq, config, address, mac, if_name FROM endpoints"
        + " WHERE network_id = ? ORDER BY seq, container_id", networkId));
  }

  /** Every endpoint that holds an address. */
  public List<Attachment> addressed() {
    return db.read(c -> endpoints(c, "SELECT network_id, container_id, seq, config, address, mac, if_name FROM endpoints"
        + " WHERE address IS NOT NULL"));
  }

  private static List<Attachment> endpoints(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
      List<Attachment> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long a = rs.getLong(5);
          Optional<Long> address = rs.wasNull() ? Optional.empty() : Optional.of(a);
          out.add(new Attachment(rs.getString(1), rs.getString(2), rs.getInt(3),
              Json.mapper().readValue(rs.getString(4), EndpointConfig.class), address,
              Optional.ofNullable(rs.getString(6)), Optional.ofNullable(rs.getString(7))));
        }
      } catch (java.io.IOException e) {
        throw new SQLException("unreadable endpoint row: " + e.getMessage(), e);
      }
      return out;
    }
  }

  /**
   * Gives the endpoint of {@code containerId} on network {@code n} an address (the one it asked for,
   * or the next free one) and records it; an endpoint that has one keeps it.
   */
  public long allocate(Network n, String containerId) {
    return db.write(c -> {
      Attachment mine = endpoints(c, "SELECT network_id, container_id, seq, config, address, mac, if_name FROM endpoints"
          + " WHERE network_id = ? AND container_id = ?", n.id(), containerId).stream().findFirst()
          .orElseThrow(() -> BerthException.notFound("container %s is not connected to network %s", containerId, n.name()));
      if (mine.address().isPresent()) return mine.address().get();
      Set<Long> taken = new HashSet<>();
      try (PreparedStatement q = c.prepareStatement(
          "SELECT address FROM endpoints WHERE network_id = ? AND address IS NOT NULL")) {
        q.setString(1, n.id());
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) taken.add(rs.getLong(1));
        }
      }
      Ipv4Subnet subnet = n.subnet().orElseThrow(() -> BerthException.invalid("network %s has no subnet", n.name()));
      long gateway = Ipv4Subnet.address(n.gateway().orElse(subnet.gateway()));
      long address;
      if (mine.config().ipv4Address().isPresent()) {
        address = Ipam.requested(subnet, n.ipRange(), gateway, taken, mine.config().ipv4Address().get());
      } else {
        long last;
        try (PreparedStatement q = c.prepareStatement("SELECT ipam_last FROM networks WHERE id = ?")) {
          q.setString(1, n.id());
          try (ResultSet rs = q.executeQuery()) {
            last = rs.next() ? rs.getLong(1) : 0;
          }
        }
        address = Ipam.next(subnet, n.pool().orElse(subnet), gateway, taken, last);
        try (PreparedStatement up = c.prepareStatement("UPDATE networks SET ipam_last = ? WHERE id = ?")) {
          up.setLong(1, address);
          up.setString(2, n.id());
          up.executeUpdate();
        }
      }
      try (PreparedStatement up = c.prepareStatement(
          "UPDATE endpoints SET address = ? WHERE network_id = ? AND container_id = ?")) {
        up.setLong(1, address);
        up.setString(2, n.id());
        up.setString(3, containerId);
        up.executeUpdate();
      }
      return address;
    });
  }

  /** Records the interface the endpoint got: its name in the container and its MAC. */
  public void setInterface(String networkId, String containerId, String ifName, String mac) {
    db.write(c -> {
      try (PreparedStatement up = c.prepareStatement(
          "UPDATE endpoints SET if_name = ?, mac = ? WHERE network_id = ? AND container_id = ?")) {
        up.setString(1, ifName);
        up.setString(2, mac);
        up.setString(3, networkId);
        up.setString(4, containerId);
        up.executeUpdate();
      }
      return null;
    });
  }

  /** Frees the addresses of {@code containerId} (on {@code networkId} only, when given). */
  public void release(String containerId, Optional<String> networkId) {
    db.write(c -> {
      String sql = "UPDATE endpoints SET address = NULL, mac = NULL, if_name = NULL WHERE container_id = ?"
          + (networkId.isPresent() ? " AND network_id = ?" : "");
      try (PreparedStatement up = c.prepareStatement(sql)) {
        up.setString(1, containerId);
        if (networkId.isPresent()) up.setString(2, networkId.get());
        up.executeUpdate();
      }
      return null;
    });
  }
}
