package io.berth.client;

/**
 * An Engine API version "major.minor" ({@code 1.47}); ordered numerically, so 1.9 &lt; 1.10.
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
  /** The newest version berth speaks (the daemon's ApiVersion). */
  public static final ApiVersion MAX = new ApiVersion(1, 47);
  /** What docker assumes when the daemon sends no API-Version header. */
  public static final ApiVersion FALLBACK = new ApiVersion(1, 24);

  public ApiVersion {
    if (major < 0 || minor < 0) throw new IllegalArgumentException("invalid api version: " + major + "." + minor);
  }

  public static ApiVersion parse(String text) {
    String t = text.strip();
    if (t.startsWith("v")) t = t.substring(1);
    int dot = t.indexOf('.');
    try {
      if (dot < 0) return new ApiVersion(Integer.parseInt(t), 0);
      return new ApiVersion(Integer.parseInt(t.substring(0, dot)), Integer.parseInt(t.substring(dot + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid api version: " + text, e);
    }
  }

  /** Docker's negotiation: the lower of what we speak and what the daemon announced. */
  public static ApiVersion negotiate(java.util.Optional<String> announced) {
    if (announced.isEmpty() || announced.get().isBlank()) return FALLBACK;
    ApiVersion server;
    try { server = parse(announced.get()); }
    catch (IllegalArgumentException e) { return FALLBACK; }
    return server.compareTo(MAX) < 0 ? server : MAX;
  }

  @Override public int compareTo(ApiVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  public boolean atLeast(ApiVersion o) { return compareTo(o) >= 0; }

  /** The path prefix, e.g. {@code /v1.47}. */
  public String prefix() { return "/v" + this; }

  @Override public String toString() { return major + "." + minor; }
}
