package io.berth.oci;

import java.util.ArrayList;
import java.util.List;

/** Go's slash-separated path helpers where Docker's behaviour depends on their exact results. */
public final class GoPaths {
  private GoPaths() {}

  /** Go's {@code filepath.Clean}: "." for empty, ".." kept at the start of a relative path, dropped at the root. */
  public static String clean(String path) {
    if (path.isEmpty()) return ".";
    boolean rooted = path.charAt(0) == '/';
    List<String> out = new ArrayList<>();
    for (String c : path.split("/")) {
      if (c.isEmpty() || c.equals(".")) continue;
      if (c.equals("..")) {
        if (!out.isEmpty() && !out.getLast().equals("..")) out.removeLast();
        else if (!rooted) out.add("..");
      } else {
        out.add(c);
      }
    }
    String joined = String.join("/", out);
    if (rooted) return "/" + joined;
    return joined.isEmpty() ? "." : joined;
  }
}
