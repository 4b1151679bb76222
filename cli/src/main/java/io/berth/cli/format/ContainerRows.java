package io.berth.cli.format;

import io.berth.cli.template.RowContext;
import io.berth.client.model.ContainerSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The fields of docker's {@code ContainerContext} ({@code docker ps --format}), computed as docker does. */
public final class ContainerRows {
  public static final String DEFAULT_FORMAT = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
  public static final String QUIET_FORMAT = "{{.ID}}";
  public static final Map<String, String> HEADERS = Map.ofEntries(
      Map.entry("ID", "CONTAINER ID"), Map.entry("Image", "IMAGE"), Map.entry("Command", "COMMAND"),
      Map.entry("CreatedAt", "CREATED AT"), Map.entry("RunningFor", "CREATED"), Map.entry("Ports", "PORTS"),
      Map.entry("Status", "STATUS"), Map.entry("Names", "NAMES"), Map.entry("Labels", "LABELS"),
      Map.entry("State", "STATE"), Map.entry("Size", "SIZE"), Map.entry("Mounts", "MOUNTS"),
      Map.entry("Networks", "NETWORKS"), Map.entry("LocalVolumes", "LOCAL VOLUMES"), Map.entry("Platform", "PLATFORM"));
  /** Go's type name of docker's row, as template errors name it. */
  public static final String TYPE_NAME = "*formatter.ContainerContext";
  private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");

  private ContainerRows() {}

  public static List<RowContext> rows(List<ContainerSummary> containers, boolean trunc, Instant now) {
    var rows = new ArrayList<RowContext>();
    for (ContainerSummary c : containers) rows.add(row(c, trunc, now));
    return rows;
  }

  /** docker 28.2's {@code ContainerContext} methods for one container (marshalled in this set by {@code json .}). */
  public static RowContext row(ContainerSummary c, boolean trunc, Instant now) {
    var n = new LinkedHashMap<String, Object>();
    n.put("ID", trunc ? Units.truncateId(c.id()) : c.id());
    n.put("Image", image(c, trunc));
    n.put("Command", Units.goQuote(trunc ? Units.ellipsis(c.command(), 20) : c.command()));
    Instant created = Instant.ofEpochSecond(c.created());
    n.put("CreatedAt", CREATED_AT.format(created.atZone(ZoneId.systemDefault())));
    n.put("RunningFor", Units.humanDuration(Duration.between(created, now)) + " ago");
    n.put("Ports", Ports.displayable(c.ports()));
    n.put("Status", c.status());
    n.put("State", c.state());
    n.put("Names", names(c.names(), trunc));
    var labels = new ArrayList<String>();
    new TreeMap<>(c.labels()).forEach((k, v) -> labels.add(k + "=" + v));
    n.put("Labels", String.join(",", labels));
    String rw = Units.humanSize(c.sizeRw());
    n.put("Size", c.sizeRootFs() > 0 ? rw + " (virtual " + Units.humanSize(c.sizeRootFs()) + ")" : rw);
    n.put("Mounts", "");
    n.put("LocalVolumes", "0");
    // docker sorts the network names
    n.put("Networks", String.join(",", new java.util.TreeSet<>(c.networks())));
    // the API version docker negotiates with berthd carries no image manifest descriptor: a nil *Platform
    n.put("Platform", null);
    Map<String, String> labelMap = c.labels();
    return RowContext.row(TYPE_NAME, Collections.unmodifiableMap(n), k -> labelMap.getOrDefault(k, ""));
  }

  /** An empty row, as docker validates a {@code --format} against an empty container before listing. */
  public static RowContext empty() {
    var n = new LinkedHashMap<String, Object>();
    for (String f : List.of("ID", "Image", "Command", "CreatedAt", "RunningFor", "Ports", "Status", "State", "Names",
        "Labels", "Size", "Mounts", "LocalVolumes", "Networks")) {
      n.put(f, "");
    }
    n.put("Platform", null);
    return RowContext.row(TYPE_NAME, n, k -> "");
  }

  static String image(ContainerSummary c, boolean trunc) {
    if (c.image().isEmpty()) return "<no image>";
    if (!trunc) return c.image();
    String shortId = Units.truncateId(c.imageId());
    if (shortId.equals(Units.truncateId(c.image()))) return shortId;
    Optional<Refs> ref = Refs.parse(c.image());
    if (ref.isEmpty()) return c.image();
    Refs r = ref.get();
    return r.tag().map(t -> r.familiarName() + ":" + t).orElse(r.familiarName());
  }

  static String names(List<String> raw, boolean trunc) {
    var names = new ArrayList<String>();
    for (String s : raw) names.add(s.startsWith("/") ? s.substring(1) : s);
    if (trunc) {
      for (String name : names) {
        if (!name.contains("/")) return name;
      }
    }
    return String.join(",", names);
  }
}
