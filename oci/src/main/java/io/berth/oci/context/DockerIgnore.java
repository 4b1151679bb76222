package io.berth.oci.context;

import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore} file: which paths of a build context are left out. Immutable and thread-safe.
 *
 * <p>Reading ({@link #parse}, moby's {@code ignorefile.ReadAll}): a UTF-8 byte-order mark is dropped;
 * a line starting with {@code #} (in column 1) is a comment; each other line is trimmed of white
 * space, a leading {@code !} makes it an exception (re-include), the rest is cleaned as Go's
 * {@code filepath.Clean} cleans ({@code .}, {@code ..}, doubled and trailing slashes) and one leading
 * {@code /} is dropped; blank lines are skipped.
 *
 * <p>Matching ({@link #excluded}, moby's {@code PatternMatcher.MatchesOrParentMatches}): patterns are
 * tried in order, the last one that matches decides; a pattern matches a path when it matches the
 * path itself or any of its parent directories, so excluding a directory excludes everything in it.
 * In a pattern {@code *} is any run of characters but {@code /}, {@code ?} one character but
 * {@code /}, {@code [...]} a class as in Go's {@code filepath.Match} ({@code ^} negates), {@code \}
 * escapes the next character, and {@code **} any number of directories (zero included);
 * {@code **} at the start matches as a suffix and {@code dir/**} as a prefix, as Docker's fast paths
 * do. Paths are slash-separated and relative to the context root ({@code sub/file.txt}); the root
 * itself ({@code .}) is never excluded. Whether a path is a directory does not matter: Docker's
 * patterns have no directory-only form.
 *
 * <p>Errors: a malformed pattern ({@code [a}, a trailing {@code \}) or a bare {@code !} throws
 * {@link BerthException.InvalidArgument} with Docker's text ({@code syntax error in pattern},
 * {@code illegal exclusion pattern: "!"}).
 */
public final class DockerIgnore {
  /** One cleaned pattern; {@code exclusion} for a {@code !} line (which re-includes what it matches). */
  public record Rule(String pattern, boolean exclusion, Matcher matcher) {
    @Override public String toString() { return exclusion ? "!" + pattern : pattern; }
  }

  /** How a pattern is matched: Docker's exact, prefix ({@code a/**}), suffix ({@code **}/a) or regexp forms. */
  public sealed interface Matcher {
    boolean matches(String path);

    record Exact(String text) implements Matcher {
      @Override public boolean matches(String path) { return path.equals(text); }
    }

    record Prefix(String prefix) implements Matcher {
      @Override public boolean matches(String path) { return path.startsWith(prefix); }
    }

    record Suffix(String suffix) implements Matcher {
      // "**/foo" also matches "foo" itself (moby's suffix fast path)
      @Override public boolean matches(String path) {
        return path.endsWith(suffix) || (!suffix.isEmpty() && suffix.charAt(0) == '/' && path.equals(suffix.substring(1)));
      }
    }

    record Regex(Pattern regex) implements Matcher {
      @Override public boolean matches(String path) { return regex.matcher(path).matches(); }
    }
  }

  private static final DockerIgnore EMPTY = new DockerIgnore(List.of());

  private final List<Rule> rules;
  private final boolean exclusions;

  private DockerIgnore(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    this.exclusions = rules.stream().anyMatch(Rule::exclusion);
  }

  /** No patterns: nothing is excluded. */
  public static DockerIgnore empty() { return EMPTY; }

  /** Reads a {@code .dockerignore} file's text. */
  public static DockerIgnore parse(String content) {
    return of(lines(content));
  }

  /**
   * The pattern lines of a {@code .dockerignore} text as {@code ignorefile.ReadAll} returns them
   * (exceptions keep their {@code !}); not yet checked for syntax.
   */
  public static List<String> lines(String content) {
    if (content.startsWith("\uFEFF")) content = content.substring(1);
    List<String> out = new ArrayList<>();
    for (String raw : content.split("\r?\n", -1)) {
      if (raw.startsWith("#")) continue;
      String p = goTrim(raw);
      if (p.isEmpty()) continue;
      boolean invert = p.charAt(0) == '!';
      if (invert) p = goTrim(p.substring(1));
      if (!p.isEmpty()) {
        p = clean(p);
        if (p.length() > 1 && p.charAt(0) == '/') p = p.substring(1);
      }
      out.add(invert ? "!" + p : p);
    }
    return out;
  }

  /** A matcher over already-read pattern lines (moby's {@code patternmatcher.New}). */
  public static DockerIgnore of(List<String> patterns) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : patterns) {
      String p = goTrim(raw);
      if (p.isEmpty()) continue;
      p = clean(p);
      boolean exclusion = false;
      if (p.charAt(0) == '!') {
        if (p.length() == 1) throw BerthException.invalid("illegal exclusion pattern: \"!\"");
        exclusion = true;
        p = p.substring(1);
      }
      validate(p);
      rules.add(new Rule(p, exclusion, compile(p)));
    }
    return new DockerIgnore(rules);
  }

  /** This file with {@code pattern} (a line such as {@code !Dockerfile}) appended. */
  public DockerIgnore with(String pattern) {
    List<String> all = new ArrayList<>(patterns());
    all.add(pattern);
    return of(all);
  }

  public List<Rule> rules() { return rules; }

  /** The patterns as lines ({@code !} for exceptions), in order. */
  public List<String> patterns() { return rules.stream().map(Rule::toString).toList(); }

  public boolean isEmpty() { return rules.isEmpty(); }

  /** Whether any pattern is an exception ({@code !...}). */
  public boolean hasExclusions() { return exclusions; }

  /** Whether {@code relPath} (slash-separated, relative to the context root) is left out of the context. */
  public boolean excluded(String relPath) {
    String file = clean(relPath);
    if (file.equals(".")) return false; // Docker: "don't let them exclude everything"
    int slash = file.lastIndexOf('/');
    String parent = slash < 0 ? "." : file.substring(0, slash);
    String[] parentDirs = parent.split("/");
    boolean matched = false;
    for (Rule r : rules) {
      // An inclusion cannot change an already excluded path, nor an exception an included one.
      if (r.exclusion() != matched) continue;
      boolean match = r.matcher().matches(file);
      if (!match && !parent.equals(".")) {
        StringBuilder prefix = new StringBuilder();
        for (String d : parentDirs) {
          if (!prefix.isEmpty()) prefix.append('/');
          prefix.append(d);
          if (r.matcher().matches(prefix.toString())) {
            match = true;
            break;
          }
        }
      }
      if (match) matched = !r.exclusion();
    }
    return matched;
  }

  /** As {@link #excluded(String)}; {@code isDir} does not change the answer (Docker has no dir-only patterns). */
  public boolean excluded(String relPath, boolean isDir) {
    return excluded(relPath);
  }

  /**
   * For a directory that {@link #excluded} says is left out: whether its walk must still go on because
   * an exception may re-include something inside it. Docker's rule (moby {@code TarWithOptions}):
   * only an exception pattern whose text starts with {@code dir/} keeps the directory (so
   * {@code !dir/keep} does, {@code !**}{@code /keep} does not); the directory's own entry is not sent
   * either way.
   */
  public boolean mayReinclude(String dirRelPath) {
    if (!exclusions) return false;
    String dirSlash = clean(dirRelPath) + "/";
    for (Rule r : rules) {
      if (r.exclusion() && (r.pattern() + "/").startsWith(dirSlash)) return true;
    }
    return false;
  }

  /**
   * The docker CLI's older test ({@code fileutils.Matches}, used to decide whether the Dockerfile and
   * {@code .dockerignore} need a {@code !} line of their own): like {@link #excluded} but a pattern is
   * tried against the path and against the one parent directory with as many components as it has.
   */
  public boolean matchesLegacy(String relPath) {
    String file = clean(relPath);
    if (file.equals(".")) return false;
    int slash = file.lastIndexOf('/');
    String parent = slash < 0 ? "." : file.substring(0, slash);
    String[] parentDirs = parent.split("/");
    boolean matched = false;
    for (Rule r : rules) {
      if (r.exclusion() != matched) continue;
      boolean match = r.matcher().matches(file);
      if (!match && !parent.equals(".")) {
        int dirs = r.pattern().split("/", -1).length;
        if (dirs <= parentDirs.length) match = r.matcher().matches(String.join("/", List.of(parentDirs).subList(0, dirs)));
      }
      if (match) matched = !r.exclusion();
    }
    return matched;
  }

  @Override public String toString() { return String.join("\n", patterns()); }

  // ---- pattern compilation -----------------------------------------------------------------------

  private enum Kind { EXACT, PREFIX, SUFFIX, REGEXP }

  /**
   * Docker's translation of a cleaned pattern (moby {@code Pattern.compile}): plain text is an exact
   * match, {@code text/**} a prefix match, {@code **}{@code text} a suffix match, anything else a
   * regular expression. Two deliberate differences, for patterns no one writes: a bracket class is
   * translated as a whole (moby translates the characters inside it one by one), and {@code \x} is
   * always the literal {@code x} (moby hands {@code \d} to Go's regexp as "a digit").
   */
  static Matcher compile(String pattern) {
    StringBuilder re = new StringBuilder();
    Kind kind = Kind.EXACT;
    int n = pattern.length();
    int i = 0;
    for (int step = 0; i < n; step++) {
      char ch = pattern.charAt(i++);
      if (ch == '*') {
        if (i < n && pattern.charAt(i) == '*') {
          i++;
          if (i < n && pattern.charAt(i) == '/') i++; // "**/" is "**"
          if (i >= n) {
            if (kind == Kind.EXACT) {
              kind = Kind.PREFIX;
            } else {
              re.append(".*");
              kind = Kind.REGEXP;
            }
          } else {
            re.append("(.*/)?");
            kind = Kind.REGEXP;
          }
          if (step == 0) kind = Kind.SUFFIX;
        } else {
          re.append("[^/]*");
          kind = Kind.REGEXP;
        }
      } else if (ch == '?') {
        re.append("[^/]");
        kind = Kind.REGEXP;
      } else if (ch == '\\') {
        if (i < n) {
          re.append(literal(pattern.charAt(i++)));
          kind = Kind.REGEXP;
        } else {
          re.append("\\\\");
        }
      } else if (ch == '[') {
        int end = classEnd(pattern, i);
        re.append(bracket(pattern.substring(i, end)));
        i = end + 1;
        kind = Kind.REGEXP;
      } else {
        re.append(literal(ch));
      }
    }
    return switch (kind) {
      case EXACT -> new Matcher.Exact(pattern);
      case PREFIX -> new Matcher.Prefix(pattern.substring(0, pattern.length() - 2));
      case SUFFIX -> new Matcher.Suffix(pattern.substring(2));
      case REGEXP -> new Matcher.Regex(Pattern.compile(re.toString()));
    };
  }

  private static String literal(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return String.valueOf(c);
    if (c < 0x80) return "\\" + c;
    return Pattern.quote(String.valueOf(c));
  }

  /** Index of the {@code ]} closing the class whose body starts at {@code from} (the pattern is valid). */
  private static int classEnd(String p, int from) {
    int i = from;
    if (i < p.length() && p.charAt(i) == '^') i++;
    boolean first = true;
    while (true) {
      char c = p.charAt(i);
      if (c == ']' && !first) return i;
      if (c == '\\') i++;
      i++;
      first = false;
    }
  }

  /** A Go {@code filepath.Match} class body ({@code ^a-z\]}) as a Java regex class. */
  private static String bracket(String body) {
    StringBuilder sb = new StringBuilder("[");
    int i = 0;
    if (body.startsWith("^")) {
      sb.append('^');
      i = 1;
    }
    while (i < body.length()) {
      char c = body.charAt(i++);
      if (c == '-') { // unescaped, '-' can only be a range's operator in a valid class
        sb.append('-');
        continue;
      }
      if (c == '\\') c = body.charAt(i++);
      sb.append(literal(c));
    }
    return sb.append(']').toString();
  }

  /** Go's {@code filepath.Match(pattern, ".")} syntax check: classes closed and non-empty, no dangling escape. */
  static void validate(String p) {
    int n = p.length();
    int i = 0;
    while (i < n) {
      char c = p.charAt(i++);
      if (c == '\\') {
        if (i >= n) throw bad();
        i++;
      } else if (c == '[') {
        if (i < n && p.charAt(i) == '^') i++;
        int ranges = 0;
        while (true) {
          if (i >= n) throw bad();
          if (p.charAt(i) == ']' && ranges > 0) {
            i++;
            break;
          }
          i = classChar(p, i);
          if (i < n && p.charAt(i) == '-') {
            i = classChar(p, i + 1);
          }
          ranges++;
        }
      }
    }
  }

  /** Go's {@code getEsc}: one (possibly escaped) class character; {@code -}, {@code ]} or the end are errors. */
  private static int classChar(String p, int i) {
    if (i >= p.length() || p.charAt(i) == '-' || p.charAt(i) == ']') throw bad();
    if (p.charAt(i) == '\\') {
      i++;
      if (i >= p.length()) throw bad();
    }
    return i + 1;
  }

  private static BerthException.InvalidArgument bad() {
    return BerthException.invalid("syntax error in pattern");
  }

  // ---- Go helpers --------------------------------------------------------------------------------

  /** Go's {@code filepath.Clean} for slash-separated paths. */
  public static String clean(String path) {
    return io.berth.oci.GoPaths.clean(path);
  }


  /** Go's {@code strings.TrimSpace} (ASCII white space plus Unicode spaces). */
  private static String goTrim(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && isSpace(s.charAt(b))) b++;
    while (e > b && isSpace(s.charAt(e - 1))) e--;
    return s.substring(b, e);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f' || c == 0x85 || c == 0xa0
        || Character.isSpaceChar(c);
  }
}
