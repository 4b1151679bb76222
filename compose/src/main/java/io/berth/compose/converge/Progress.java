package io.berth.compose.converge;

/**
 * Where the converger reports what it does, in Docker Compose's plain (non-TTY) progress form:
 * {@code " Container p-web-1  Created"}; warnings as Compose prints them.
 */
public interface Progress {
  /** {@code kind} is {@code Container}, {@code Network}, {@code Volume} or {@code Image}. */
  void event(String kind, String name, String status);

  void warn(String message);

  /** Output of a pull or a build. */
  default void detail(String line) {}

  /** Compose's plain progress line. */
  static String line(String kind, String name, String status) {
    // Compose's image lines have no kind: " web Pulling"
    return kind.isEmpty() ? " " + name + " " + status : " " + kind + " " + name + "  " + status;
  }

  /** Prints to a stream (Compose writes its progress to stderr). */
  static Progress to(java.io.PrintStream out) {
    return new Progress() {
      @Override public void event(String kind, String name, String status) { out.println(line(kind, name, status)); }

      @Override public void warn(String message) { out.println("WARN[0000] " + message); }

      @Override public void detail(String line) { out.println(line); }
    };
  }
}
