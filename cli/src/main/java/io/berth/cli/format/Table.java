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
    if (format == null || format.equals("table")) return defaultFormat;
    return format.equals("json") ? "{{json .}}" : format;
  }

  public static String render(GoTemplate template, Map<String, String> headers, List<? extends Map<String, Object>> rows) {
    var sb = new StringBuilder();
    if (template.isTable()) sb.append(template.header(headers)).append('\n');
    for (Map<String, Object> row : rows) sb.append(template.execute(row)).append('\n');
    return template.isTable() ? TabWriter.table().write(sb.toString()).render() : sb.toString();
  }
}
