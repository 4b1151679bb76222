package io.berth.engine.logs;

import io.berth.oci.errors.BerthException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How a container's output is kept: by berth's file driver (conmon's k8s-file format, rotated by
 * berthd, read back by {@code logs}) or not at all ({@code none}).
 *
 * <p>Rotation is on by default: {@value #DEFAULT_MAX_SIZE} per file and {@value #DEFAULT_MAX_FILE}
 * files (docker's {@code local} driver uses 20m × 5; its json-file driver does not rotate at all,
 * docker's most reported log problem). {@code --log-opt max-size} and {@code max-file} change it
 * per container, berthd's {@code --log-opt} or daemon.json {@code log-opts} for all new ones.
 * Sizes are docker's (go-units {@code FromHumanSize}: decimal, {@code 10m} = 10,000,000 bytes).
 *
 * @param maxSize  bytes a file may reach before it is rotated
 * @param maxFiles files kept in all, the live one included (1: the live file is truncated)
 */
public record LogPolicy(boolean enabled, long maxSize, int maxFiles) {
  public static final String DEFAULT_MAX_SIZE = "10m";
  public static final String DEFAULT_MAX_FILE = "3";

  /** The drivers berth answers to: its file driver under docker's names, and none. */
  public static final Set<String> FILE_DRIVERS = Set.of("k8s-file", "json-file", "local");

  /** Options of the file driver; docker's json-file metadata options are accepted and have no effect. */
  private static final Set<String> FILE_OPTIONS = Set.of("max-size", "max-file", "compress", "labels", "labels-regex",
      "env", "env-regex", "tag", "mode", "max-buffer-size");

  public static final LogPolicy NONE = new LogPolicy(false, 0, 0);

  /**
   * The policy for a container's stored log configuration (already merged with the daemon's at
   * create time); missing sizes take the defaults. An empty type is the file driver.
   */
  public static LogPolicy of(String type, Map<String, String> opts) {
    if (type.equals("none")) return NONE;
    validate(type, opts);
    long size = parseSize(opts.getOrDefault("max-size", DEFAULT_MAX_SIZE));
    int files = parseFiles(opts.getOrDefault("max-file", DEFAULT_MAX_FILE));
    return new LogPolicy(true, size, files);
  }

  /** Docker's checks, at create time rather than at start (docker's json-file fails only at start). */
  public static void validate(String type, Map<String, String> opts) {
    if (type.equals("none")) return;
    if (!type.isEmpty() && !FILE_DRIVERS.contains(type)) {
      throw BerthException.invalid("logger: no log driver named '%s' is registered", type);
    }
    String name = type.isEmpty() ? "k8s-file" : type;
    for (String key : opts.keySet()) {
      if (!FILE_OPTIONS.contains(key)) throw BerthException.invalid("unknown log opt '%s' for %s log driver", key, name);
    }
    if (opts.containsKey("max-size")) parseSize(opts.get("max-size"));
    if (opts.containsKey("max-file")) parseFiles(opts.get("max-file"));
    String compress = opts.get("compress");
    if (compress != null) {
      if (!Set.of("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False").contains(compress)) {
        throw BerthException.invalid("error reading compress log option: strconv.ParseBool: parsing \"%s\": invalid syntax", compress);
      }
      if (Set.of("1", "t", "T", "TRUE", "true", "True").contains(compress)) {
        throw BerthException.invalid("compress is not supported by berth's log driver: rotated files stay uncompressed");
      }
    }
  }

  static long parseSize(String v) {
    long n;
    try {
      n = fromHumanSize(v);
    } catch (IllegalArgumentException e) {
      throw BerthException.invalid("invalid value for max-size: %s: %s", v, e.getMessage());
    }
    if (n <= 0) throw BerthException.invalid("max-size must be a positive number");
    return n;
  }

  static int parseFiles(String v) {
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid value for max-file: %s: strconv.Atoi: parsing \"%s\": invalid syntax", v, v);
    }
    if (n < 1) throw BerthException.invalid("max-file cannot be less than 1");
    return n;
  }

  /** go-units {@code FromHumanSize}: "10m", "1.5k", "20MB", "100" (bytes); decimal multipliers. */
  static long fromHumanSize(String s) {
    int sep = -1;
    for (int i = s.length() - 1; i >= 0; i--) {
      if ("01234567890. ".indexOf(s.charAt(i)) >= 0) {
        sep = i;
        break;
      }
    }
    if (sep < 0) throw new IllegalArgumentException("invalid size: '" + s + "'");
    String num = s.charAt(sep) != ' ' ? s.substring(0, sep + 1) : s.substring(0, sep);
    String sfx = s.substring(sep + 1);
    if (!num.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw new IllegalArgumentException("strconv.ParseFloat: parsing \"" + num + "\": invalid syntax");
    }
    double size = Double.parseDouble(num);
    if (size < 0) throw new IllegalArgumentException("invalid size: '" + s + "'");
    if (sfx.isEmpty()) return (long) size;
    String l = sfx.toLowerCase();
    if (l.length() > 3) throw new IllegalArgumentException("invalid suffix: '" + l + "'");
    if (l.charAt(0) == 'b') {
      if (l.length() > 1) throw new IllegalArgumentException("invalid suffix: '" + l + "'");
      return (long) size;
    }
    long mul = switch (l.charAt(0)) {
      case 'k' -> 1_000L;
      case 'm' -> 1_000_000L;
      case 'g' -> 1_000_000_000L;
      case 't' -> 1_000_000_000_000L;
      case 'p' -> 1_000_000_000_000_000L;
      default -> throw new IllegalArgumentException("invalid suffix: '" + l + "'");
    };
    if ((l.length() == 2 && l.charAt(1) != 'b') || (l.length() == 3 && !l.substring(1).equals("ib"))) {
      throw new IllegalArgumentException("invalid suffix: '" + l + "'");
    }
    return (long) (size * mul);
  }

  /**
   * The daemon's default log configuration (berthd {@code --log-driver}/{@code --log-opt}, or
   * daemon.json {@code log-driver}/{@code log-opts}), merged into each new container's as dockerd
   * does: an empty type takes the daemon's, and with the daemon's type its options fill the gaps.
   */
  public record Defaults(String type, Map<String, String> opts) {
    public static final Defaults BUILT_IN = new Defaults("k8s-file", Map.of());

    public Defaults {
      type = type == null || type.isEmpty() ? "k8s-file" : type;
      opts = Map.copyOf(opts);
      validate(type, opts);
    }

    /** The container's type and options after the merge. */
    public Map.Entry<String, Map<String, String>> merge(String containerType, Map<String, String> containerOpts) {
      String t = containerType == null || containerType.isEmpty() ? type : containerType;
      Map<String, String> o = new LinkedHashMap<>(containerOpts);
      if (t.equals(type)) opts.forEach(o::putIfAbsent);
      return Map.entry(t, o);
    }
  }
}
