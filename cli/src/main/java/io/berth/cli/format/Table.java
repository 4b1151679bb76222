package io.berth.cli.format;

import java.util.List;
import java.util.Map;

/** docker's formatter context: a template applied to each row, aligned by a tab writer when it is a table. */
public final class Table {
  private Table() {}

  /**
   * The template for a listing as docker picks it: {@code -q} wins, then {@code --format} with its
   * words "table" (the default layout) and "json".
   */
  public static String template(boolean quiet, String format, String quietFormat, String defaultFormat) {
    if (quiet) return quietFormat;
    if (format == null || format.isEmpty() || format.equals("table")) return defaultFormat;
    return format.equals("json") ? "{{json .}}" : format;
  }

  /**
   * Runs the template over each row (a {@link io.berth.cli.template.RowContext} or a JSON tree);
   * for a table, the header comes first and the whole is aligned. An execution error in a row
   * throws, as docker fails the whole listing.
   */
  public static String render(GoTemplate template, Map<String, String> headers, List<?> rows) {
    var sb = new StringBuilder();
    for (Object row : rows) sb.append(template.execute(row)).append('\n');
    if (!template.isTable()) return sb.toString();
    String all = template.header(headers) + "\n" + sb;
    return TabWriter.table().write(all).render();
  }
}
