package io.berth.registry;

import java.util.regex.Pattern;

/**
 * A repository name ({@code <name>} in the spec): lowercase path components separated by
 * {@code /}, each {@code [a-z0-9]+} joined by {@code .}, {@code _}, {@code __} or dashes. The
 * grammar keeps {@code ..}, empty components and uppercase out, so a name is also safe in paths
 * and SQL-free of surprises. At most 255 characters (clients limit host + "/" + name to 255).
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {
  private static final Pattern GRAMMAR =
      Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
  static final int MAX_LENGTH = 255;

  public RepositoryName {
    if (!valid(value)) throw ErrorCode.NAME_INVALID.error("invalid repository name", java.util.Map.of("name", value));
  }

  public static boolean valid(String s) {
    return s != null && s.length() <= MAX_LENGTH && GRAMMAR.matcher(s).matches();
  }

  @Override public int compareTo(RepositoryName o) { return value.compareTo(o.value); }

  @Override public String toString() { return value; }
}
