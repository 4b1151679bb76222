package io.berth.cli.format;

import io.berth.cli.template.RowContext;
import io.berth.client.model.BuildCacheRecord;
import io.berth.client.model.ContainerSummary;
import io.berth.client.model.DiskUsage;
import io.berth.client.model.ImageSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * docker 28's {@code system df} formatter ({@code formatter/disk_usage.go}): the summary rows (one per
 * kind: TYPE TOTAL ACTIVE SIZE RECLAIMABLE, with docker's reclaimable arithmetic) and the rows of the
 * verbose tables (one per image, its first tag; one per container, without the virtual size; one
 * per build-cache record, oldest use first).
 */
public final class DiskUsageRows {
  public static final String DEFAULT_FORMAT = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
  public static final String RAW_FORMAT = "type: {{.Type}}\ntotal: {{.TotalCount}}\nactive: {{.Active}}\nsize: {{.Size}}\nreclaimable: {{.Reclaimable}}\n";
  public static final String IMAGE_TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}";
  public static final String CONTAINER_TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}";
  public static final String VOLUME_TABLE = "table {{.Name}}\t{{.Links}}\t{{.Size}}";
  public static final String BUILD_CACHE_TABLE = "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}";
  public static final Map<String, String> HEADERS = Map.of("Type", "TYPE", "TotalCount", "TOTAL", "Active", "ACTIVE",
      "Size", "SIZE", "Reclaimable", "RECLAIMABLE");
  public static final Map<String, String> VOLUME_HEADERS = Map.of("Name", "VOLUME NAME", "Links", "LINKS", "Size", "SIZE");
  public static final Map<String, String> BUILD_CACHE_HEADERS = Map.of("ID", "CACHE ID", "CacheType", "CACHE TYPE",
      "Size", "SIZE", "CreatedSince", "CREATED", "LastUsedSince", "LAST USED", "UsageCount", "USAGE", "Shared", "SHARED");
  private static final String TYPE_NAME = "*formatter.diskUsageContext";
  private static final String BUILD_CACHE_TYPE_NAME = "*formatter.buildCacheContext";
  /** Go's {@code time.Time.String()} for a time decoded from "…Z" (location UTC). */
  private static final DateTimeFormatter GO_TIME_STRING = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSSSSS] '+0000 UTC'");

  private DiskUsageRows() {}

  /** The four summary rows: Images, Containers, Local Volumes, Build Cache. */
  public static List<RowContext> summary(DiskUsage du) {
    var rows = new ArrayList<RowContext>();
    long used = 0;
    int activeImages = 0;
    for (ImageSummary i : du.images()) {
      if (i.containers() > 0) activeImages++;
      if (i.containers() != 0 && i.size() != -1 && i.sharedSize() != -1) used += i.size() - i.sharedSize();
    }
    long total = du.layersSize();
    rows.add(row("Images", du.images().size(), activeImages, Units.humanSize4(total), percent(total - used, total)));

    long rw = 0;
    long reclaimable = 0;
    int active = 0;
    for (ContainerSummary c : du.containers()) {
      boolean isActive = switch (c.state()) {
        case "running", "paused", "restarting" -> true;
        default -> false;
      };
      if (isActive) active++;
      else reclaimable += c.sizeRw();
      rw += c.sizeRw();
    }
    rows.add(row("Containers", du.containers().size(), active, Units.humanSize4(rw), percent(reclaimable, rw)));
    // docker: a size of -1 (not computed) counts nowhere; a volume no container refers to is reclaimable
    long volumesSize = 0;
    long volumesReclaimable = 0;
    int activeVolumes = 0;
    for (var json : du.volumes()) {
      var usage = io.berth.client.model.Volume.fromJson(json).usageData();
      if (usage.isEmpty()) continue;
      if (usage.get().size() != -1) {
        if (usage.get().refCount() == 0) volumesReclaimable += usage.get().size();
        volumesSize += usage.get().size();
      }
      if (usage.get().refCount() > 0) activeVolumes++;
    }
    rows.add(row("Local Volumes", du.volumes().size(), activeVolumes, Units.humanSize4(volumesSize),
        percent(volumesReclaimable, volumesSize)));
    int activeCache = 0;
    long inUse = 0;
    for (BuildCacheRecord b : du.buildCache()) {
      if (b.inUse()) activeCache++;
      if (b.inUse() && !b.shared()) inUse += b.size();
    }
    long cacheSize = buildCacheSize(du);
    // docker counts a shared record's bytes with the images that hold them: not in SIZE, never reclaimable
    rows.add(row("Build Cache", du.buildCache().size(), activeCache, Units.humanSize4(cacheSize),
        Units.humanSize4(cacheSize - inUse)));
    return rows;
  }

  /** docker's {@code BuilderSize} (computed by the CLI since API 1.42): the sizes of the records not shared. */
  public static long buildCacheSize(DiskUsage du) {
    long size = 0;
    for (BuildCacheRecord b : du.buildCache()) {
      if (!b.shared()) size += b.size();
    }
    return size;
  }

  /** docker's "1.2MB (45%)", or just the size when the total is 0. */
  static String percent(long reclaimable, long total) {
    if (total > 0) return Units.humanSize4(reclaimable) + " (" + (reclaimable * 100 / total) + "%)";
    return Units.humanSize4(reclaimable);
  }

  private static RowContext row(String type, int total, int active, String size, String reclaimable) {
    var n = new LinkedHashMap<String, Object>();
    n.put("Type", type);
    n.put("TotalCount", Integer.toString(total));
    n.put("Active", Integer.toString(active));
    n.put("Size", size);
    n.put("Reclaimable", reclaimable);
    return RowContext.row(TYPE_NAME, n, null);
  }

  /** One row per image, named by its first tag ({@code <none>} when dangling). */
  public static List<RowContext> images(DiskUsage du, boolean trunc, Instant now) {
    var rows = new ArrayList<RowContext>();
    for (ImageSummary i : du.images()) {
      String repo = "<none>";
      String tag = "<none>";
      if (!i.repoTags().isEmpty() && !ImageRows.dangling(i)) {
        Optional<Refs> ref = Refs.parse(i.repoTags().getFirst());
        if (ref.isEmpty()) continue;
        if (ref.get().tag().isPresent()) {
          repo = ref.get().familiarName();
          tag = ref.get().tag().get();
        }
      }
      rows.add(ImageRows.row(i, repo, tag, trunc, now));
    }
    return rows;
  }

  /** One row per container; docker leaves the virtual size out here. */
  public static List<RowContext> containers(DiskUsage du, boolean trunc, Instant now) {
    var rows = new ArrayList<RowContext>();
    for (ContainerSummary c : du.containers()) {
      var noVirtual = new ContainerSummary(c.id(), c.names(), c.image(), c.imageId(), c.command(), c.created(),
          c.ports(), c.labels(), c.state(), c.status(), c.sizeRw(), 0);
      rows.add(ContainerRows.row(noVirtual, trunc, now));
    }
    return rows;
  }

  /**
   * One row per build-cache record in docker's order (never-used first, then by last use, ties by
   * ID); a record a container uses gets a "*" after its ID.
   */
  public static List<RowContext> buildCache(DiskUsage du, boolean trunc, Instant now) {
    var records = new ArrayList<>(du.buildCache());
    records.sort(Comparator.comparing((BuildCacheRecord b) -> b.lastUsed().isPresent())
        .thenComparing(b -> b.lastUsed().orElse(Instant.MIN)).thenComparing(BuildCacheRecord::id));
    var rows = new ArrayList<RowContext>();
    for (BuildCacheRecord b : records) {
      var n = new LinkedHashMap<String, Object>();
      n.put("ID", (trunc ? Units.truncateId(b.id()) : b.id()) + (b.inUse() ? "*" : ""));
      String parent = b.parents().isEmpty() ? b.parent() : String.join(", ", b.parents());
      n.put("Parent", trunc ? Units.truncateId(parent) : parent);
      n.put("CacheType", b.type());
      n.put("Description", b.description());
      n.put("Size", Units.humanSize(b.size()));
      n.put("CreatedAt", goTimeString(b.created()));
      n.put("CreatedSince", Units.humanDuration(Duration.between(b.created(), now)) + " ago");
      n.put("LastUsedAt", b.lastUsed().map(DiskUsageRows::goTimeString).orElse(""));
      n.put("LastUsedSince", b.lastUsed().map(t -> Units.humanDuration(Duration.between(t, now)) + " ago").orElse(""));
      n.put("UsageCount", Long.toString(b.usageCount()));
      n.put("InUse", Boolean.toString(b.inUse()));
      n.put("Shared", Boolean.toString(b.shared()));
      rows.add(RowContext.row(BUILD_CACHE_TYPE_NAME, n, null));
    }
    return rows;
  }

  private static String goTimeString(Instant t) {
    String s = GO_TIME_STRING.format(t.atOffset(ZoneOffset.UTC));
    // Go prints the fraction without trailing zeros
    return s.replaceFirst("\\.(\\d*?)0+ ", ".$1 ").replace(". ", " ");
  }
}
