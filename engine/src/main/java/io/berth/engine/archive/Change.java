package io.berth.engine.archive;

/**
 * One entry of a container's file system changes ({@code GET /containers/{id}/changes}, {@code docker
 * diff}): a path in the container and what happened to it.
 *
 * @param path absolute path in the container ({@code /etc/passwd})
 */
public record Change(String path, Kind kind) {
  /** Docker's change kinds, with the numbers of its API ({@code Kind}: 0 modified, 1 added, 2 deleted). */
  public enum Kind {
    MODIFIED(0, 'C'), ADDED(1, 'A'), DELETED(2, 'D');

    private final int code;
    private final char letter;

    Kind(int code, char letter) {
      this.code = code;
      this.letter = letter;
    }

    /** The API's number. */
    public int code() { return code; }

    /** The letter {@code docker diff} prints. */
    public char letter() { return letter; }
  }

  public Change {
    if (!path.startsWith("/")) throw new IllegalArgumentException("change path must be absolute: " + path);
  }
}
