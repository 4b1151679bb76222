package io.berth.compose.load;

import java.util.Map;

/** Locations of paths for error messages: {@code compose.yaml:12:7: }. */
final class Loc {
  private Loc() {}

  /** The location of {@code path} (or of its nearest located ancestor) followed by ": ", or "". */
  static String prefix(Map<String, String> marks, String path) {
    String p = path;
    while (true) {
      String m = marks.get(p);
      if (m != null) {
        return m + ": ";
      }
      if (p.isEmpty()) {
        return "";
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
    }
  }
}
