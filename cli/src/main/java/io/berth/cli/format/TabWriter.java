package io.berth.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code text/tabwriter} with the settings docker uses (left aligned, space padding, no flags):
 * cells are separated by '\t', a column's width is max(minWidth, widest cell + padding) over each
 * block of consecutive lines that have that column, and the last cell of a line is never padded.
 * Widths count code points, as Go counts runes.
 */
public final class TabWriter {
  private final int minWidth;
  private final int padding;
  private final List<List<String>> lines = new ArrayList<>();
  private final List<Integer> widths = new ArrayList<>();
  private final StringBuilder out = new StringBuilder();
  private final StringBuilder buffer = new StringBuilder();

  public TabWriter(int minWidth, int padding) {
    this.minWidth = minWidth;
    this.padding = padding;
  }

  /** docker's table writer: {@code tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)}. */
  public static TabWriter table() { return new TabWriter(10, 3); }

  /** Adds text; lines end at '\n', cells at '\t'. */
  public TabWriter write(String text) {
    buffer.append(text);
    return this;
  }

  /** Adds one line made of the given cells. */
  public TabWriter row(String... cells) { return write(String.join("\t", cells) + "\n"); }

  /** The aligned text; every line ends with '\n'. */
  public String render() {
    String text = buffer.toString();
    if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
    lines.clear();
    if (!buffer.isEmpty()) {
      for (String line : text.split("\n", -1)) lines.add(List.of(line.split("\t", -1)));
    }
    out.setLength(0);
    format(0, lines.size());
    return out.toString();
  }

  private static int width(String s) { return s.codePointCount(0, s.length()); }

  private void format(int line0, int line1) {
    int column = widths.size();
    for (int t = line0; t < line1; t++) {
      if (column >= lines.get(t).size() - 1) continue;
      writeLines(line0, t);
      line0 = t;
      int width = minWidth;
      for (; t < line1; t++) {
        List<String> line = lines.get(t);
        if (column >= line.size() - 1) break;
        width = Math.max(width, width(line.get(column)) + padding);
      }
      widths.add(width);
      format(line0, t);
      widths.removeLast();
      line0 = t;
      t--; // the for-increment must not skip the line that ended the block
    }
    writeLines(line0, line1);
  }

  private void writeLines(int line0, int line1) {
    for (int i = line0; i < line1; i++) {
      List<String> line = lines.get(i);
      for (int j = 0; j < line.size(); j++) {
        String cell = line.get(j);
        out.append(cell);
        if (j < widths.size() && j < line.size() - 1) out.repeat(' ', widths.get(j) - width(cell));
      }
      out.append('\n');
    }
  }
}
