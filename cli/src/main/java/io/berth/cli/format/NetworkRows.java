package io.berth.cli.format;

import io.berth.cli.template.RowContext;
import io.berth.cli.template.Schema;
import io.berth.cli.template.Schema.Kind;
import io.berth.client.model.NetworkResource;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code network ls} rows (docker's {@code networkContext}) and the Go type behind
 * {@code network inspect} (moby's {@code network.Inspect}) for templates.
 */
public final class NetworkRows {
  public static final String DEFAULT_FORMAT = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";
  public static final String QUIET_FORMAT = "{{.ID}}";
  public static final String RAW_FORMAT = "network_id: {{.ID}}\nname: {{.Name}}\ndriver: {{.Driver}}\nscope: {{.Scope}}\n";
  public static final String RAW_QUIET_FORMAT = "network_id: {{.ID}}";
  public static final String TYPE_NAME = "*formatter.networkContext";
  public static final Map<String, String> HEADERS = Map.ofEntries(
      Map.entry("ID", "NETWORK ID"), Map.entry("Name", "NAME"), Map.entry("Driver", "DRIVER"), Map.entry("Scope", "SCOPE"),
      Map.entry("IPv4", "IPV4"), Map.entry("IPv6", "IPV6"), Map.entry("Internal", "INTERNAL"), Map.entry("Labels", "LABELS"),
      Map.entry("CreatedAt", "CREATED AT"));

  /** moby v28 {@code network.Inspect}: maps, slices and omitempty fields as templates see them. */
  public static final Schema INSPECT = Schema.builder()
      .renamed("Id=ID IPAM.Config.[].AuxiliaryAddresses=AuxAddress")
      .struct("IPAM.Config.[]", "Subnet IPRange Gateway AuxiliaryAddresses")
      .struct("Containers.*", "Name EndpointID MacAddress IPv4Address IPv6Address")
      .struct("ConfigFrom", "Network")
      .maps(Kind.STRING, "Options Labels IPAM.Options IPAM.Config.[].AuxiliaryAddresses")
      .maps(Kind.STRUCT, "Containers Services")
      .slices("IPAM.Config Peers")
      .omitted("", "IPAM.Config.[].Subnet IPAM.Config.[].IPRange IPAM.Config.[].Gateway")
      .omitted(null, "IPAM.Config.[].AuxiliaryAddresses Peers Services")
      .build();

  private NetworkRows() {}

  /** docker's {@code NewNetworkFormat}: table, raw, or the user's template. */
  public static String format(String source, boolean quiet) {
    if (source == null || source.isEmpty() || source.equals("table")) return quiet ? QUIET_FORMAT : DEFAULT_FORMAT;
    if (source.equals("raw")) return quiet ? RAW_QUIET_FORMAT : RAW_FORMAT;
    if (source.equals("json")) return "{{json .}}";
    return source;
  }

  /** The rows in docker's order: by name, digits compared as numbers ({@code sortorder.NaturalLess}). */
  public static List<RowContext> rows(List<NetworkResource> networks, boolean trunc) {
    List<NetworkResource> sorted = new ArrayList<>(networks);
    sorted.sort((a, b) -> NaturalOrder.compare(a.name(), b.name()));
    List<RowContext> rows = new ArrayList<>();
    for (NetworkResource n : sorted) rows.add(row(n, trunc));
    return rows;
  }

  public static RowContext row(NetworkResource n, boolean trunc) {
    var f = new LinkedHashMap<String, Object>();
    f.put("ID", trunc ? Units.truncateId(n.id()) : n.id());
    f.put("Name", n.name());
    f.put("Driver", n.driver());
    f.put("Scope", n.scope());
    f.put("IPv4", Boolean.toString(n.enableIPv4()));
    f.put("IPv6", Boolean.toString(n.enableIPv6()));
    f.put("Internal", Boolean.toString(n.internal()));
    // docker joins a Go map (random order); sorted here so the output is stable
    var labels = new ArrayList<String>();
    new TreeMap<>(n.labels()).forEach((k, v) -> labels.add(k + "=" + v));
    f.put("Labels", String.join(",", labels));
    f.put("CreatedAt", goTime(n.created()));
    return RowContext.row(TYPE_NAME, Collections.unmodifiableMap(f), name -> n.labels().getOrDefault(name, ""));
  }

  /**
   * Go's {@code time.Time.String()} of an RFC 3339 time as {@code json.Unmarshal} reads it: nanoseconds
   * without trailing zeros, then the offset and the zone name ({@code UTC} for Z, else the offset again).
   */
  static String goTime(String rfc3339) {
    if (rfc3339.isEmpty()) return "0001-01-01 00:00:00 +0000 UTC";
    OffsetDateTime t;
    try {
      t = OffsetDateTime.parse(rfc3339);
    } catch (DateTimeParseException e) {
      return rfc3339;
    }
    var sb = new StringBuilder(String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(),
        t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
    if (t.getNano() != 0) {
      String nanos = String.format("%09d", t.getNano()).replaceFirst("0+$", "");
      sb.append('.').append(nanos);
    }
    int secs = t.getOffset().getTotalSeconds();
    String offset = String.format("%s%02d%02d", secs < 0 ? "-" : "+", Math.abs(secs) / 3600, Math.abs(secs) % 3600 / 60);
    sb.append(' ').append(offset).append(' ').append(rfc3339.endsWith("Z") ? "UTC" : offset);
    return sb.toString();
  }
}
