package io.berth.cli.format;

import io.berth.cli.template.RowContext;
import io.berth.client.model.ContainerSummary;
import io.berth.client.model.DiskUsage;
import io.berth.client.model.ImageSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * docker 28's {@code system df} formatter ({@code formatter/disk_usage.go}): the summary rows (one per
 * kind: TYPE TOTAL ACTIVE SIZE RECLAIMABLE, with docker's reclaimable arithmetic) and the rows of the
 * verbose tables (one per image, its first tag; one per container, without the virtual size).
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
    rows.add(row("Local Volumes", du.volumes().size(), 0, Units.humanSize4(0), percent(0, 0)));
    rows.add(row("Build Cache", du.buildCache().size(), 0, Units.humanSize4(0), Units.humanSize4(0)));
    return rows;
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
}
