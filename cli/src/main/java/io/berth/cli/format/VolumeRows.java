package io.berth.cli.format;

import io.berth.cli.template.RowContext;
import io.berth.cli.template.Schema;
import io.berth.cli.template.Schema.Kind;
import io.berth.client.model.Volume;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code volume ls} rows (docker's {@code volumeContext}) and the Go type behind
 * {@code volume inspect} (moby's {@code volume.Volume}) for templates.
 */
public final class VolumeRows {
  public static final String DEFAULT_FORMAT = "table {{.Driver}}\t{{.Name}}";
  public static final String QUIET_FORMAT = "{{.Name}}";
  public static final String RAW_FORMAT = "name: {{.Name}}\ndriver: {{.Driver}}\n";
  public static final String RAW_QUIET_FORMAT = "name: {{.Name}}";
  public static final String TYPE_NAME = "*formatter.volumeContext";
  public static final Map<String, String> HEADERS = Map.ofEntries(
      Map.entry("ID", "ID"), Map.entry("Name", "VOLUME NAME"), Map.entry("Group", "GROUP"), Map.entry("Driver", "DRIVER"),
      Map.entry("Scope", "SCOPE"), Map.entry("Availability", "AVAILABILITY"), Map.entry("Mountpoint", "MOUNTPOINT"),
      Map.entry("Labels", "LABELS"), Map.entry("Links", "LINKS"), Map.entry("Size", "SIZE"), Map.entry("Status", "STATUS"));

  /** moby v28 {@code volume.Volume}: maps and omitempty fields as templates see them. */
  public static final Schema INSPECT = Schema.builder()
      .struct("UsageData", "Size RefCount")
      .maps(Kind.STRING, "Labels Options")
      .maps(Kind.STRUCT, "Status")
      .pointers("UsageData ClusterVolume")
      .omitted("", "CreatedAt")
      .omitted(null, "Status UsageData ClusterVolume")
      .build();

  private VolumeRows() {}

  /** docker's {@code NewVolumeFormat}: table, raw, or the user's template. */
  public static String format(String source, boolean quiet) {
    if (source == null || source.isEmpty() || source.equals("table")) return quiet ? QUIET_FORMAT : DEFAULT_FORMAT;
    if (source.equals("raw")) return quiet ? RAW_QUIET_FORMAT : RAW_FORMAT;
    if (source.equals("json")) return "{{json .}}";
    return source;
  }

  /** The rows in docker's order: by name, digits compared as numbers ({@code sortorder.NaturalLess}). */
  public static List<RowContext> rows(List<Volume> volumes) {
    List<Volume> sorted = new ArrayList<>(volumes);
    sorted.sort((a, b) -> NaturalOrder.compare(a.name(), b.name()));
    List<RowContext> rows = new ArrayList<>();
    for (Volume v : sorted) rows.add(row(v));
    return rows;
  }

  /** One row; the cluster columns are "N/A" as for every local volume, Links and Size too without usage data. */
  public static RowContext row(Volume v) {
    var f = new LinkedHashMap<String, Object>();
    f.put("Availability", "N/A");
    f.put("Driver", v.driver());
    f.put("Group", "N/A");
    // docker joins a Go map (random order); sorted here so the output is stable
    var labels = new ArrayList<String>();
    new TreeMap<>(v.labels()).forEach((k, val) -> labels.add(k + "=" + val));
    f.put("Labels", String.join(",", labels));
    f.put("Links", v.usageData().map(u -> Long.toString(u.refCount())).orElse("N/A"));
    f.put("Mountpoint", v.mountpoint());
    f.put("Name", v.name());
    f.put("Scope", v.scope());
    f.put("Size", v.usageData().map(u -> Units.humanSize4(u.size())).orElse("N/A"));
    f.put("Status", "N/A");
    return RowContext.row(TYPE_NAME, Collections.unmodifiableMap(f), name -> v.labels().getOrDefault(name, ""));
  }
}
