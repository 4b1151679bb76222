package io.berth.compose.load;

import io.berth.compose.ComposeException;

import io.berth.compose.model.Service.Port;
import io.berth.compose.model.Service.ServiceVolume;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Short syntaxes and scalar formats: ports, volumes, durations, sizes, shell words. */
final class Shapes {
  private static final Pattern PORT_PART = Pattern.compile("\\d+(-\\d+)?");
  private static final Set<String> VOLUME_MODES = Set.of("ro", "rw", "z", "Z", "nocopy", "shared", "rshared",
      "slave", "rslave", "private", "rprivate", "consistent", "cached", "delegated");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
  private static final Pattern SIZE = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b)?");

  private Shapes() {}

  /** Ports in the short syntax: {@code [[ip:]published:]target[/protocol]}, ranges allowed. */
  static Port port(String spec) {
    String s = spec;
    String protocol = "tcp";
    int slash = s.lastIndexOf('/');
    if (slash >= 0) {
      protocol = s.substring(slash + 1);
      s = s.substring(0, slash);
    }
    Optional<String> ip = Optional.empty();
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
        throw invalidPort(spec);
      }
      ip = Optional.of(s.substring(1, close));
      s = s.substring(close + 2);
    }
    String[] parts = s.split(":", -1);
    String target;
    Optional<String> published = Optional.empty();
    switch (parts.length) {
      case 1 -> target = parts[0];
      case 2 -> {
        published = Optional.of(parts[0]);
        target = parts[1];
      }
      case 3 -> {
        if (ip.isPresent()) {
          throw invalidPort(spec);
        }
        ip = Optional.of(parts[0]);
        published = Optional.of(parts[1]);
        target = parts[2];
      }
      default -> {
        // An IPv6 address without brackets: everything before the last two parts.
        int last = s.lastIndexOf(':');
        int prev = s.lastIndexOf(':', last - 1);
        ip = Optional.of(s.substring(0, prev));
        published = Optional.of(s.substring(prev + 1, last));
        target = s.substring(last + 1);
      }
    }
    published = published.filter(p -> !p.isEmpty());
    ip = ip.filter(p -> !p.isEmpty());
    if (!PORT_PART.matcher(target).matches() || (published.isPresent()
        && !PORT_PART.matcher(published.get()).matches()) || !Set.of("tcp", "udp", "sctp").contains(protocol)) {
      throw invalidPort(spec);
    }
    return new Port(target, published, ip, protocol);
  }

  private static ComposeException invalidPort(String spec) {
    return new ComposeException("invalid port \"" + spec + "\"");
  }

  /** The merge key of a port entry (short or long syntax). */
  static String portKey(Object o) {
    try {
      Port p = o instanceof Map<?, ?> m ? new Port(String.valueOf(m.get("target")),
          Optional.ofNullable(m.get("published")).map(String::valueOf),
          Optional.ofNullable(m.get("host_ip")).map(String::valueOf),
          m.get("protocol") == null ? "tcp" : String.valueOf(m.get("protocol"))) : port(String.valueOf(o));
      return p.hostIp().orElse("") + "|" + p.target() + "|" + p.published().orElse("") + "|" + p.protocol();
    } catch (ComposeException e) {
      return String.valueOf(o);
    }
  }

  /** The merge key of a volumes/secrets/configs entry: its target. */
  static String targetKey(String attr, Object o) {
    if (o instanceof Map<?, ?> m) {
      Object t = m.get("target");
      return String.valueOf(t != null ? t : m.get("source"));
    }
    String s = String.valueOf(o);
    if (!attr.equals("volumes")) {
      return s;
    }
    String[] parts = s.split(":");
    return parts.length >= 2 ? parts[1] : parts[0];
  }

  /**
   * A volume in the short syntax {@code [source:]target[:mode]}. A source that is a path ({@code /},
   * {@code .}, {@code ~}) is a bind (created if missing, as docker compose does); else a named volume.
   */
  static ServiceVolume volume(String spec, java.nio.file.Path workingDir, Map<String, String> env) {
    String[] parts = spec.split(":", -1);
    if (parts.length > 3 || parts.length == 0 || spec.isEmpty()) {
      throw new ComposeException("invalid spec: " + spec + ": too many colons");
    }
    if (parts.length == 1) {
      return new ServiceVolume("volume", Optional.empty(), parts[0], false, false, false, Optional.empty(),
          Optional.empty(), Optional.empty());
    }
    String source = parts[0];
    String target = parts[1];
    boolean ro = false;
    boolean nocopy = false;
    Optional<String> propagation = Optional.empty();
    if (parts.length == 3) {
      for (String mode : parts[2].split(",")) {
        if (!VOLUME_MODES.contains(mode)) {
          throw new ComposeException("invalid mode for volume \"" + spec + "\": " + mode);
        }
        switch (mode) {
          case "ro" -> ro = true;
          case "nocopy" -> nocopy = true;
          case "shared", "rshared", "slave", "rslave", "private", "rprivate" -> propagation = Optional.of(mode);
          default -> { }
        }
      }
    }
    if (source.isEmpty()) {
      throw new ComposeException("invalid spec: " + spec + ": empty section between colons");
    }
    if (isPath(source)) {
      return new ServiceVolume("bind", Optional.of(hostPath(source, workingDir, env)), target, ro, false, true,
          propagation, Optional.empty(), Optional.empty());
    }
    return new ServiceVolume("volume", Optional.of(source), target, ro, nocopy, false, Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  static boolean isPath(String source) {
    return source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
  }

  /** A host path made absolute: {@code ~} is HOME, relative ones are under the project directory. */
  static String hostPath(String source, java.nio.file.Path workingDir, Map<String, String> env) {
    if (source.equals("~") || source.startsWith("~/")) {
      String home = env.getOrDefault("HOME", System.getProperty("user.home"));
      return java.nio.file.Path.of(home + source.substring(1)).normalize().toString();
    }
    return workingDir.resolve(source).normalize().toString();
  }

  /** Go's duration syntax ({@code 1m30s}, {@code 500ms}, {@code 1.5h}); a bare number is seconds. */
  static Duration duration(Object o, String path) {
    if (o instanceof Number n) {
      return Duration.ofNanos(Math.round(n.doubleValue() * 1e9));
    }
    String s = String.valueOf(o).strip();
    if (s.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    Matcher m = DURATION_PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int pos = 0;
    while (m.find() && m.start() == pos) {
      BigDecimal unit = switch (m.group(2)) {
        case "ns" -> BigDecimal.ONE;
        case "us", "µs" -> BigDecimal.valueOf(1_000);
        case "ms" -> BigDecimal.valueOf(1_000_000);
        case "s" -> BigDecimal.valueOf(1_000_000_000L);
        case "m" -> BigDecimal.valueOf(60_000_000_000L);
        default -> BigDecimal.valueOf(3_600_000_000_000L);
      };
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(unit));
      pos = m.end();
    }
    if (pos != s.length() || s.isEmpty()) {
      throw new ComposeException(path + ": invalid duration \"" + s + "\"");
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /** Docker's RAM sizes: {@code 512m}, {@code 1g}, {@code 1gb}, {@code 100k}, bare bytes; binary multiples. */
  static long size(Object o, String path) {
    if (o instanceof Number n) {
      return n.longValue();
    }
    String s = String.valueOf(o).strip();
    Matcher m = SIZE.matcher(s);
    if (!m.matches()) {
      throw new ComposeException(path + ": invalid size: '" + s + "'");
    }
    int exp = "bkmgtp".indexOf(m.group(2).isEmpty() ? "b" : m.group(2).toLowerCase(Locale.ROOT));
    return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(exp)).longValue();
  }

  /** Splits a command line like compose does (shell quoting rules, no expansion). */
  static List<String> shellWords(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          cur.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < line.length() && "\"\\$`\n".indexOf(line.charAt(i + 1)) >= 0) {
          cur.append(line.charAt(++i));
        } else {
          cur.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        cur.append(line.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(cur.toString());
          cur.setLength(0);
          inWord = false;
        }
      } else {
        cur.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new ComposeException("invalid command line string: " + line);
    }
    if (inWord) {
      out.add(cur.toString());
    }
    return out;
  }
}
