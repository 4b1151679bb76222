package io.berth.cli.command;

import io.berth.cli.format.Units;
import io.berth.client.model.Resources.DeviceMapping;
import io.berth.client.model.Resources.ThrottleDevice;
import io.berth.client.model.Resources.Ulimit;
import io.berth.client.model.Resources.WeightDevice;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The docker CLI's parsers for resource flag values (go-units {@code RAMInBytes} and
 * {@code ParseUlimit}, {@code opts.ParseCPUs}, the blkio device validators, {@code --device}
 * parsing, Go's {@code strconv}). Each throws {@link IllegalArgumentException} with the Go error's
 * exact text; the caller decides whether that is a flag error (pflag's "invalid argument ... for
 * ... flag: ...") or a later validation error. Pure functions, thread-safe.
 */
final class ResourceFlags {
  private static final Pattern GO_DECIMAL_FLOAT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern DEVICE_CGROUP_RULE = Pattern.compile("[acb] ([0-9]+|\\*):([0-9]+|\\*) [rwm]{1,3}");
  private static final Set<String> ULIMITS = Set.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
      "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");
  private static final String BPS_FORMAT = ". The correct format is <device-path>:<number>[<unit>]. Number must be a "
      + "positive integer. Unit is optional and can be kb, mb, or gb";

  private ResourceFlags() {}

  /**
   * go-units {@code RAMInBytes}: a number (Go float syntax, may have a fraction) then an optional
   * unit b, k, m, g, t or p, case-insensitive, 1024-based, optionally followed by "b" or "ib"
   * ("64m", "1.5GiB", "100 kb"); negative sizes are refused.
   */
  static long ramInBytes(String size) {
    int sep = -1;
    for (int i = size.length() - 1; i >= 0; i--) {
      char c = size.charAt(i);
      if ((c >= '0' && c <= '9') || c == '.' || c == ' ') {
        sep = i;
        break;
      }
    }
    if (sep < 0) throw new IllegalArgumentException("invalid size: '" + size + "'");
    String num = size.charAt(sep) == ' ' ? size.substring(0, sep) : size.substring(0, sep + 1);
    String sfx = size.substring(sep + 1);
    double value = parseFloat(num);
    if (value < 0) throw new IllegalArgumentException("invalid size: '" + size + "'");
    if (sfx.isEmpty()) return (long) value;
    String lower = sfx.toLowerCase(Locale.ROOT);
    if (sfx.length() > 3) throw badSuffix(lower);
    if (lower.charAt(0) == 'b') {
      if (lower.length() > 1) throw badSuffix(lower);
      return (long) value;
    }
    int power = "kmgtp".indexOf(lower.charAt(0));
    if (power < 0) throw badSuffix(lower);
    value *= Math.pow(1024, power + 1);
    if ((lower.length() == 2 && lower.charAt(1) != 'b') || (lower.length() == 3 && !lower.substring(1).equals("ib"))) {
      throw badSuffix(lower);
    }
    return (long) value;
  }

  private static IllegalArgumentException badSuffix(String sfx) {
    return new IllegalArgumentException("invalid suffix: '" + sfx + "'");
  }

  /** Go's {@code strconv.ParseFloat(s, 64)} for decimal input, with its error texts. */
  static double parseFloat(String s) {
    if (!GO_DECIMAL_FLOAT.matcher(s).matches()) throw syntax("ParseFloat", s);
    double d = Double.parseDouble(s);
    if (Double.isInfinite(d)) throw new IllegalArgumentException("strconv.ParseFloat: parsing " + Units.goQuote(s) + ": value out of range");
    return d;
  }

  /** docker's {@code MemSwapBytes}: "-1" (unlimited swap) or a size. */
  static long memorySwap(String value) {
    return value.equals("-1") ? -1 : ramInBytes(value);
  }

  /**
   * docker's {@code opts.ParseCPUs}: a rational ("1.5", "1/2", "2e-1", as Go's {@code big.Rat}
   * reads it) times 10^9, which must be a whole number of nano-CPUs.
   */
  static long nanoCpus(String value) {
    BigInteger[] nano = nanoFraction(value);
    if (nano == null) throw new IllegalArgumentException("failed to parse " + value + " as a rational number");
    BigInteger[] qr = nano[0].divideAndRemainder(nano[1]);
    if (qr[1].signum() != 0) throw new IllegalArgumentException("value is too precise");
    return qr[0].longValue();
  }

  /** {@code value} × 10^9 as numerator and denominator; null when it is no rational number. */
  private static BigInteger[] nanoFraction(String s) {
    try {
      int slash = s.indexOf('/');
      if (slash >= 0) {
        String a = s.substring(0, slash);
        String b = s.substring(slash + 1);
        String aDigits = a.startsWith("-") || a.startsWith("+") ? a.substring(1) : a;
        if (!isDigits(aDigits) || !isDigits(b)) return null;
        BigInteger den = new BigInteger(b);
        if (den.signum() == 0) return null;
        BigInteger num = new BigInteger(aDigits).multiply(BigInteger.TEN.pow(9));
        return new BigInteger[] {a.startsWith("-") ? num.negate() : num, den};
      }
      // big.Rat reads an integer with base prefix rules, so "1_000" (underscores between digits) is a number
      if (s.matches("[+-]?[0-9]+(_[0-9]+)+")) s = s.replace("_", "");
      if (!GO_DECIMAL_FLOAT.matcher(s).matches()) return null;
      BigDecimal nano = new BigDecimal(s.startsWith("+") ? s.substring(1) : s).movePointRight(9);
      BigDecimal stripped = nano.signum() == 0 ? BigDecimal.ZERO : nano.stripTrailingZeros();
      if (stripped.scale() <= 0) return new BigInteger[] {stripped.toBigIntegerExact(), BigInteger.ONE};
      return new BigInteger[] {stripped.unscaledValue(), BigInteger.TEN.pow(stripped.scale())};
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  private static boolean isDigits(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** Go's {@code strconv.ParseInt(s, 0, bits)} (pflag's int flags): base prefixes 0x, 0o, 0b and 0, underscores. */
  static long parseInt(String s, int bits) {
    String body = s;
    boolean negative = false;
    if (body.startsWith("+") || body.startsWith("-")) {
      negative = body.startsWith("-");
      body = body.substring(1);
    }
    BigInteger v = unsigned(body, s, "ParseInt");
    if (negative) v = v.negate();
    if (v.bitLength() > bits - 1) throw range("ParseInt", s);
    return v.longValue();
  }

  /** Go's {@code strconv.ParseUint(s, 0, bits)}: as {@link #parseInt} without a sign. */
  static long parseUint(String s, int bits) {
    BigInteger v = unsigned(s, s, "ParseUint");
    if (v.bitLength() > bits) throw range("ParseUint", s);
    return v.longValue();
  }

  private static BigInteger unsigned(String body, String original, String fn) {
    int radix = 10;
    String digits = body;
    String lower = body.toLowerCase(Locale.ROOT);
    if (lower.startsWith("0x")) {
      radix = 16;
      digits = body.substring(2);
    } else if (lower.startsWith("0o")) {
      radix = 8;
      digits = body.substring(2);
    } else if (lower.startsWith("0b")) {
      radix = 2;
      digits = body.substring(2);
    } else if (body.length() > 1 && body.startsWith("0")) {
      radix = 8;
      digits = body.substring(1);
    }
    // base 0 allows "_" between digits (and right after a prefix), never at the end or doubled
    boolean prefixed = radix != 10;
    if (digits.contains("_")) {
      if (digits.endsWith("_") || digits.contains("__") || (!prefixed && digits.startsWith("_"))) throw syntax(fn, original);
      digits = digits.replace("_", "");
    }
    if (digits.isEmpty()) throw syntax(fn, original);
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), radix) < 0) throw syntax(fn, original);
    }
    return new BigInteger(digits, radix);
  }

  private static IllegalArgumentException syntax(String fn, String s) {
    return new IllegalArgumentException("strconv." + fn + ": parsing " + Units.goQuote(s) + ": invalid syntax");
  }

  private static IllegalArgumentException range(String fn, String s) {
    return new IllegalArgumentException("strconv." + fn + ": parsing " + Units.goQuote(s) + ": value out of range");
  }

  /** docker's {@code ValidateWeightDevice}: "/dev/PATH:WEIGHT", weight 10..1000 or 0. */
  static WeightDevice weightDevice(String val) {
    String path = devicePath(val);
    long weight;
    try {
      weight = parseUintBase10(val.substring(val.indexOf(':') + 1), 16);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid weight for device: " + val);
    }
    if (weight > 0 && (weight < 10 || weight > 1000)) throw new IllegalArgumentException("invalid weight for device: " + val);
    return new WeightDevice(path, (int) weight);
  }

  /** docker's {@code ValidateThrottleBpsDevice}: "/dev/PATH:RATE", the rate a size ("1mb"). */
  static ThrottleDevice throttleBps(String val) {
    String path = devicePath(val);
    long rate;
    try {
      rate = ramInBytes(val.substring(val.indexOf(':') + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid rate for device: " + val + BPS_FORMAT);
    }
    return new ThrottleDevice(path, rate);
  }

  /** docker's {@code ValidateThrottleIOpsDevice}: "/dev/PATH:N". */
  static ThrottleDevice throttleIops(String val) {
    String path = devicePath(val);
    try {
      return new ThrottleDevice(path, parseUintBase10(val.substring(val.indexOf(':') + 1), 64));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid rate for device: " + val
          + ". The correct format is <device-path>:<number>. Number must be a positive integer");
    }
  }

  private static String devicePath(String val) {
    int colon = val.indexOf(':');
    if (colon <= 0) throw new IllegalArgumentException("bad format: " + val);
    String path = val.substring(0, colon);
    if (!path.startsWith("/dev/")) throw new IllegalArgumentException("bad format for device path: " + val);
    return path;
  }

  /** Go's {@code strconv.ParseUint(s, 10, bits)}. */
  private static long parseUintBase10(String s, int bits) {
    if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) throw syntax("ParseUint", s);
    BigInteger v = new BigInteger(s);
    if (v.bitLength() > bits) throw range("ParseUint", s);
    return v.longValue();
  }

  /** go-units {@code ParseUlimit}: "name=soft[:hard]" (hard defaults to soft; -1 is unlimited). */
  static Ulimit ulimit(String val) {
    int eq = val.indexOf('=');
    if (eq < 0) throw new IllegalArgumentException("invalid ulimit argument: " + val);
    String name = val.substring(0, eq);
    if (!ULIMITS.contains(name)) throw new IllegalArgumentException("invalid ulimit type: " + name);
    String[] limits = val.substring(eq + 1).split(":", -1);
    if (limits.length > 2) {
      throw new IllegalArgumentException("too many limit value arguments - " + val.substring(eq + 1)
          + ", can only have up to two, `soft[:hard]`");
    }
    long hard = limits.length == 2 ? parseIntBase10(limits[1]) : 0;
    long soft = parseIntBase10(limits[0]);
    if (limits.length == 1) hard = soft;
    if (hard != -1) {
      if (soft == -1) {
        throw new IllegalArgumentException("ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: " + hard);
      }
      if (soft > hard) throw new IllegalArgumentException("ulimit soft limit must be less than or equal to hard limit: " + soft + " > " + hard);
    }
    return new Ulimit(name, hard, soft);
  }

  /** Go's {@code strconv.ParseInt(s, 10, 64)}. */
  private static long parseIntBase10(String s) {
    String body = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    if (body.isEmpty() || !body.chars().allMatch(c -> c >= '0' && c <= '9')) throw syntax("ParseInt", s);
    BigInteger v = new BigInteger(s.startsWith("+") ? body : s);
    if (v.bitLength() > 63) throw range("ParseInt", s);
    return v.longValue();
  }

  /** docker's {@code validateDeviceCgroupRule}: "type major:minor mode", e.g. "c 1:3 rwm" or "b *:* r". */
  static String deviceCgroupRule(String val) {
    if (!DEVICE_CGROUP_RULE.matcher(val).matches()) throw new IllegalArgumentException("invalid device cgroup format '" + val + "'");
    return val;
  }

  /**
   * docker's {@code validateLinuxPath} then {@code parseLinuxDevice}: "HOST[:CONTAINER][:PERMISSIONS]",
   * the container path defaulting to the host path and the permissions to "rwm". Checked after
   * flag parsing in docker (errors read "docker: ..."), because it depends on the daemon's OS.
   */
  static DeviceMapping device(String val) {
    if (val.chars().filter(c -> c == ':').count() > 2) throw new IllegalArgumentException("bad format for path: " + val);
    String[] split = val.split(":", 3);
    if (split[0].isEmpty()) throw new IllegalArgumentException("bad format for path: " + val);
    String containerPath;
    String validated;
    switch (split.length) {
      case 1 -> {
        containerPath = split[0];
        validated = cleanPath(containerPath);
      }
      case 2 -> {
        if (validMode(split[1])) {
          containerPath = split[0];
          validated = cleanPath(containerPath) + ":" + split[1];
        } else {
          containerPath = split[1];
          validated = split[0] + ":" + cleanPath(containerPath);
        }
      }
      default -> {
        containerPath = split[1];
        if (!validMode(split[2])) throw new IllegalArgumentException("bad mode specified: " + split[2]);
        validated = val;
      }
    }
    if (!containerPath.startsWith("/")) throw new IllegalArgumentException(containerPath + " is not an absolute path");
    String[] arr = validated.split(":", 4);
    String src = arr[0];
    String dst = "";
    String permissions = "rwm";
    if (arr.length == 3) permissions = arr[2];
    if (arr.length >= 2) {
      if (validMode(arr[1])) permissions = arr[1];
      else dst = arr[1];
    }
    return new DeviceMapping(src, dst.isEmpty() ? src : dst, permissions);
  }

  /** docker's {@code validDeviceMode}: a non-empty combination of r, w and m, each at most once. */
  private static boolean validMode(String mode) {
    if (mode.isEmpty()) return false;
    String seen = "";
    for (char c : mode.toCharArray()) {
      if ("rwm".indexOf(c) < 0 || seen.indexOf(c) >= 0) return false;
      seen += c;
    }
    return true;
  }

  /** Go's {@code path.Clean}: lexical, "." and ".." resolved, no trailing or doubled slashes. */
  static String cleanPath(String p) {
    if (p.isEmpty()) return ".";
    boolean rooted = p.startsWith("/");
    var parts = new ArrayDeque<String>();
    for (String part : p.split("/")) {
      if (part.isEmpty() || part.equals(".")) continue;
      if (part.equals("..")) {
        if (!parts.isEmpty() && !parts.peekLast().equals("..")) parts.removeLast();
        else if (!rooted) parts.addLast("..");
      } else {
        parts.addLast(part);
      }
    }
    String joined = String.join("/", parts);
    if (rooted) return "/" + joined;
    return joined.isEmpty() ? "." : joined;
  }
}
