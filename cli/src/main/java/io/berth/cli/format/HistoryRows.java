package io.berth.cli.format;

import io.berth.cli.template.RowContext;
import io.berth.client.model.ImageHistoryItem;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rows of {@code docker history} (docker CLI's {@code historyContext}), in the daemon's order (newest first). */
public final class HistoryRows {
  public static final String DEFAULT_FORMAT = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
  public static final String NON_HUMAN_FORMAT = "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
  public static final String QUIET_FORMAT = "{{.ID}}";
  public static final String TYPE_NAME = "*image.historyContext";
  public static final Map<String, String> HEADERS = Map.of("ID", "IMAGE", "CreatedSince", "CREATED",
      "CreatedAt", "CREATED AT", "CreatedBy", "CREATED BY", "Size", "SIZE", "Comment", "COMMENT");
  /** Go's time.RFC3339 in the local zone. */
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  private HistoryRows() {}

  /** docker's {@code NewHistoryFormat}. */
  public static String format(String source, boolean quiet, boolean human) {
    if (source.equals("table")) {
      if (quiet) return QUIET_FORMAT;
      return human ? DEFAULT_FORMAT : NON_HUMAN_FORMAT;
    }
    return source.equals("json") ? "{{json .}}" : source;
  }

  public static List<RowContext> rows(List<ImageHistoryItem> items, boolean trunc, boolean human, Instant now) {
    return rows(items, trunc, human, now, ZoneId.systemDefault());
  }

  /** As above, with CreatedAt in {@code zone} (docker: the local zone). */
  public static List<RowContext> rows(List<ImageHistoryItem> items, boolean trunc, boolean human, Instant now,
      ZoneId zone) {
    List<RowContext> rows = new ArrayList<>();
    for (ImageHistoryItem h : items) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("ID", trunc ? Units.truncateId(h.id()) : h.id());
      String createdAt = RFC3339.format(Instant.ofEpochSecond(h.created()).atZone(zone));
      n.put("CreatedAt", createdAt);
      String since;
      if (!human) since = createdAt;
      else if (h.created() <= 0) since = "N/A";
      else since = Units.humanDuration(Duration.between(Instant.ofEpochSecond(h.created()), now)) + " ago";
      n.put("CreatedSince", since);
      String by = h.createdBy().replace("\t", " ");
      n.put("CreatedBy", trunc ? Units.ellipsis(by, 45) : by);
      n.put("Size", human ? Units.humanSize(h.size()) : Long.toString(h.size()));
      n.put("Comment", h.comment());
      rows.add(RowContext.row(TYPE_NAME, Collections.unmodifiableMap(n), null));
    }
    return rows;
  }
}
