package io.berth.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.template.RowContext;
import io.berth.cli.template.Schema;
import io.berth.cli.template.Template;
import java.util.Map;

/**
 * A {@code --format} string as docker's formatter reads it: the word {@code table} at the start
 * asks for an aligned table with a header, {@code \t} and {@code \n} written as two characters
 * become tab and newline, and the rest is a Go template ({@link io.berth.cli.template}).
 * Immutable and thread-safe.
 */
public final class GoTemplate {
  private final Template template;
  private final boolean table;

  private GoTemplate(Template template, boolean table) {
    this.template = template;
    this.table = table;
  }

  /**
   * docker's {@code Context.preFormat} then {@code parseFormat}; a bad template throws
   * {@link io.berth.cli.template.TemplateException} with Go's message.
   */
  public static GoTemplate parse(String format) {
    String f = format;
    boolean table = f.startsWith("table");
    if (table) f = f.substring(5);
    f = stripSpaces(f).replace("\\t", "\t").replace("\\n", "\n");
    return new GoTemplate(Template.parse(f), table);
  }

  /** Go's {@code strings.Trim(s, " ")}: spaces only, not tabs or newlines. */
  private static String stripSpaces(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && s.charAt(a) == ' ') a++;
    while (b > a && s.charAt(b - 1) == ' ') b--;
    return s.substring(a, b);
  }

  public boolean isTable() { return table; }

  /** The table header: the template run over the column names (docker's header context). */
  public String header(Map<String, String> headers) {
    return template.executeHeader(RowContext.header(headers));
  }

  /** Applies the template to a {@link io.berth.client.json} tree (no type information) or a row. */
  public String execute(Object data) {
    return template.execute(data);
  }

  /** Applies the template to a document of a known docker type, as {@code docker inspect} does. */
  public String execute(Object data, Schema schema) {
    return template.execute(data, schema);
  }

  /** Applies the template to a Jackson tree (for callers that have one; loads Jackson databind). */
  public String execute(JsonNode data) {
    return execute(JacksonTrees.toTree(data));
  }
}
