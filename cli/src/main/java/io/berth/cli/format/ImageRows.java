package io.berth.cli.format;

import io.berth.cli.template.RowContext;
import io.berth.client.model.ImageSummary;
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

/** The rows of {@code docker images}: one per repository:tag, dangling images as {@code <none>}. */
public final class ImageRows {
  public static final String DEFAULT_FORMAT = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
  public static final String DEFAULT_FORMAT_WITH_DIGEST = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
  public static final String TYPE_NAME = "*formatter.imageContext";
  public static final String QUIET_FORMAT = "{{.ID}}";
  public static final Map<String, String> HEADERS = Map.ofEntries(
      Map.entry("Repository", "REPOSITORY"), Map.entry("Tag", "TAG"), Map.entry("ID", "IMAGE ID"),
      Map.entry("CreatedSince", "CREATED"), Map.entry("CreatedAt", "CREATED AT"), Map.entry("Size", "SIZE"),
      Map.entry("Digest", "DIGEST"), Map.entry("Containers", "CONTAINERS"), Map.entry("SharedSize", "SHARED SIZE"),
      Map.entry("UniqueSize", "UNIQUE SIZE"), Map.entry("VirtualSize", "SIZE"));
  private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");

  private ImageRows() {}

  public static List<RowContext> rows(List<ImageSummary> images, boolean trunc, Instant now) {
    return rows(images, trunc, now, false);
  }

  /**
   * docker's image rows: one per tag; with {@code digests} ({@code --digests}) one per tag and digest
   * of its repository; a repository known only by digest gets {@code <none>} rows of its own.
   */
  public static List<RowContext> rows(List<ImageSummary> images, boolean trunc, Instant now, boolean digests) {
    var rows = new ArrayList<RowContext>();
    for (ImageSummary img : images) {
      if (dangling(img)) {
        rows.add(row(img, "<none>", "<none>", trunc, now));
        continue;
      }
      var repoTags = new LinkedHashMap<String, List<String>>();
      var repoDigests = new LinkedHashMap<String, List<String>>();
      for (String rt : img.repoTags()) {
        Optional<Refs> ref = Refs.parse(rt);
        if (ref.isEmpty() || ref.get().tag().isEmpty()) continue;
        repoTags.computeIfAbsent(ref.get().familiarName(), k -> new ArrayList<>()).add(ref.get().tag().get());
      }
      for (String rd : img.repoDigests()) {
        Refs.parse(rd).filter(r -> r.digest().isPresent())
            .ifPresent(r -> repoDigests.computeIfAbsent(r.familiarName(), k -> new ArrayList<>()).add(r.digest().get()));
      }
      repoTags.forEach((repo, tags) -> {
        List<String> ds = repoDigests.remove(repo);
        for (String tag : tags) {
          if (!digests || ds == null) {
            rows.add(row(img, repo, tag, trunc, now));
          } else {
            for (String d : ds) rows.add(row(img, repo, tag, d, trunc, now));
          }
        }
      });
      repoDigests.forEach((repo, ds) -> {
        if (!digests) {
          rows.add(row(img, repo, "<none>", trunc, now));
        } else {
          for (String d : ds) rows.add(row(img, repo, "<none>", d, trunc, now));
        }
      });
    }
    return rows;
  }

  static boolean dangling(ImageSummary img) {
    boolean noTags = img.repoTags().isEmpty() || (img.repoTags().size() == 1 && img.repoTags().getFirst().equals("<none>:<none>"));
    boolean noDigests = img.repoDigests().isEmpty() || (img.repoDigests().size() == 1 && img.repoDigests().getFirst().equals("<none>@<none>"));
    return noTags && noDigests;
  }

  public static RowContext row(ImageSummary img, String repo, String tag, boolean trunc, Instant now) {
    return row(img, repo, tag, "<none>", trunc, now);
  }

  static RowContext row(ImageSummary img, String repo, String tag, String digest, boolean trunc, Instant now) {
    var n = new LinkedHashMap<String, Object>();
    n.put("Repository", repo);
    n.put("Tag", tag);
    n.put("ID", trunc ? Units.truncateId(img.id()) : img.id());
    n.put("Digest", digest);
    Instant created = Instant.ofEpochSecond(img.created());
    n.put("CreatedSince", Units.humanDuration(Duration.between(created, now)) + " ago");
    n.put("CreatedAt", CREATED_AT.format(created.atZone(ZoneId.systemDefault())));
    n.put("Size", Units.humanSize(img.size()));
    // go-units HumanSize (4 significant digits) for these, HumanSizeWithPrecision(3) for Size
    n.put("VirtualSize", Units.humanSize4(img.size()));
    n.put("SharedSize", img.sharedSize() == -1 ? "N/A" : Units.humanSize4(img.sharedSize()));
    n.put("UniqueSize", img.size() == -1 || img.sharedSize() == -1 ? "N/A" : Units.humanSize4(img.size() - img.sharedSize()));
    n.put("Containers", img.containers() == -1 ? "N/A" : Long.toString(img.containers()));
    return RowContext.row(TYPE_NAME, Collections.unmodifiableMap(n), null);
  }
}
