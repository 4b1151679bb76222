package io.berth.cli.command;

import io.berth.cli.InvalidFlagValue;
import io.berth.client.model.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The docker CLI's parsers for the storage flags of {@code run}/{@code create}: {@code -v} (split
 * into {@code HostConfig.Binds} and anonymous {@code Config.Volumes} by compose's volume-spec rules),
 * {@code --mount} (its CSV fields into a {@code HostConfig.Mounts} entry) and {@code --tmpfs}.
 * docker validates little here: a mount type it does not know, a relative tmpfs path or a missing
 * bind source are the daemon's to refuse, so they pass through unchanged.
 */
final class MountFlags {
  private static final Set<String> PROPAGATIONS = Set.of("rprivate", "private", "rshared", "shared", "rslave", "slave");

  private MountFlags() {}

  /** {@code -v} specs split as the docker CLI does: binds (named volumes and host paths) and anonymous volumes. */
  record Volumes(List<String> binds, Map<String, Object> anonymous) {}

  static Volumes volumes(List<String> specs) {
    var binds = new ArrayList<String>();
    var anonymous = new TreeMap<String, Object>();
    for (String spec : specs) {
      Spec parsed = parseVolume(spec);
      if (parsed.source().isEmpty()) {
        anonymous.put(spec, Map.of());
        continue;
      }
      String bind = spec;
      int colon = spec.indexOf(':');
      if (parsed.bind() && colon >= 0) {
        // docker's CLI makes a relative bind source that starts with "." absolute
        String host = spec.substring(0, colon);
        if (!host.startsWith("/") && host.startsWith(".")) host = Path.of(host).toAbsolutePath().normalize().toString();
        bind = host + spec.substring(colon);
      }
      if (!binds.contains(bind)) binds.add(bind);
    }
    return new Volumes(binds, anonymous);
  }

  /** What compose's {@code ParseVolume} finds in a {@code -v} spec: a source (empty: anonymous) and whether it is a path. */
  private record Spec(String source, String target, boolean bind) {}

  /**
   * compose's {@code ParseVolume}: fields split at colons, a one-letter field before a colon being a
   * Windows drive ("a:b" is one field); a third field is options; more is "too many colons".
   */
  private static Spec parseVolume(String spec) {
    if (spec.isEmpty()) throw new IllegalArgumentException("invalid empty volume spec");
    if (spec.length() <= 2) return new Spec("", spec, false);
    String source = "";
    String target = "";
    var buffer = new StringBuilder();
    int[] cps = (spec + '\0').codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      boolean end = i == cps.length - 1;
      if (c == ':' && buffer.codePointCount(0, buffer.length()) == 1 && Character.isLetter(buffer.codePointAt(0))) {
        buffer.appendCodePoint(c);
      } else if (c == ':' || end) {
        String field = buffer.toString();
        if (field.isEmpty()) throw new IllegalArgumentException("invalid spec: " + spec + ": empty section between colons");
        if (source.isEmpty() && end) {
          target = field;
        } else if (source.isEmpty()) {
          source = field;
        } else if (target.isEmpty()) {
          target = field;
        } else if (c == ':') {
          throw new IllegalArgumentException("invalid spec: " + spec + ": too many colons");
        }
        // the third field holds options (ro, rw, nocopy, propagation, z): the daemon reads them
        buffer.setLength(0);
      } else {
        buffer.appendCodePoint(c);
      }
    }
    return new Spec(source, target, !source.isEmpty() && isFilePath(source));
  }

  private static boolean isFilePath(String source) {
    char first = source.charAt(0);
    if (first == '.' || first == '/' || first == '~') return true;
    if (source.codePointCount(0, source.length()) == 1) return false;
    if (source.startsWith("\\\\")) return true;
    // a drive letter: "c:..." (the letter before a colon)
    int next = Character.charCount(source.codePointAt(0));
    return source.charAt(next) == ':' && Character.isLetter(source.codePointAt(0));
  }

  /** {@code --tmpfs /path[:options]}: the path and its mount options ("" for none); a later path wins. */
  static Map<String, String> tmpfs(List<String> values) {
    var m = new LinkedHashMap<String, String>();
    for (String t : values) {
      int colon = t.indexOf(':');
      if (colon < 0) m.put(t, "");
      else m.put(t.substring(0, colon), t.substring(colon + 1));
    }
    return m;
  }

  /** All {@code --mount} values, in order. */
  static List<Mount> mounts(List<String> values) {
    var out = new ArrayList<Mount>();
    for (String v : values) out.add(mount(v));
    return out;
  }

  /** One {@code --mount} value (docker's {@code MountOpt.Set}); a bad one is a flag error (125). */
  static Mount mount(String value) {
    try {
      return parseMount(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidFlagValue("--mount", value, e.getMessage());
    }
  }

  private static Mount parseMount(String value) {
    String type = "volume";
    String source = "";
    String target = "";
    boolean readOnly = false;
    String consistency = "";
    String propagation = null;
    Boolean nonRecursive = null;
    Boolean noCopy = null;
    Map<String, String> labels = null;
    String driver = null;
    Map<String, String> driverOpts = null;
    Long size = null;
    Integer mode = null;
    for (String field : csvFields(value)) {
      int eq = field.indexOf('=');
      String key = eq < 0 ? field : field.substring(0, eq);
      String val = eq < 0 ? "" : field.substring(eq + 1);
      if (eq < 0) {
        switch (key) {
          case "readonly", "ro" -> readOnly = true;
          case "volume-nocopy" -> noCopy = true;
          case "bind-nonrecursive" -> nonRecursive = true;
          default -> throw new IllegalArgumentException("invalid field '" + field + "' must be a key=value pair");
        }
        if (noCopy != null && labels == null) labels = new TreeMap<>();
        continue;
      }
      switch (key) {
        case "type" -> type = val.toLowerCase(Locale.ROOT);
        case "source", "src" -> source = val.equals(".") || val.startsWith("./")
            ? Path.of(val).toAbsolutePath().normalize().toString() : val;
        case "target", "dst", "destination" -> target = val;
        case "readonly", "ro" -> readOnly = parseBool(key, val);
        case "consistency" -> consistency = val.toLowerCase(Locale.ROOT);
        case "bind-propagation" -> propagation = val.toLowerCase(Locale.ROOT);
        case "bind-nonrecursive" -> nonRecursive = parseBool(key, val);
        case "volume-nocopy" -> {
          try {
            noCopy = goBool(val);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid value for volume-nocopy: " + val);
          }
        }
        case "volume-label" -> {
          if (labels == null) labels = new TreeMap<>();
          putKeyValue(labels, val);
        }
        case "volume-driver" -> driver = val;
        case "volume-opt" -> {
          if (driverOpts == null) driverOpts = new TreeMap<>();
          putKeyValue(driverOpts, val);
        }
        case "tmpfs-size" -> {
          try {
            size = ResourceFlags.ramInBytes(val);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid value for " + key + ": " + val);
          }
        }
        case "tmpfs-mode" -> {
          if (!val.matches("[0-7]+") || Long.parseLong(val.length() > 12 ? "77777777777" : val, 8) > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("invalid value for " + key + ": " + val);
          }
          // Go's os.FileMode keeps only the low bits that fit; docker sends the number as parsed
          mode = (int) Long.parseLong(val, 8);
        }
        default -> throw new IllegalArgumentException("unexpected key '" + key + "' in '" + field + "'");
      }
      if ((driver != null || driverOpts != null || noCopy != null) && labels == null) labels = new TreeMap<>();
    }
    if (type.isEmpty()) throw new IllegalArgumentException("type is required");
    if (target.isEmpty()) throw new IllegalArgumentException("target is required");
    // any volume-* key creates VolumeOptions with an empty DriverConfig, as docker's helper does
    boolean volumeOptions = labels != null;
    boolean bindOptions = propagation != null || nonRecursive != null;
    boolean tmpfsOptions = size != null || mode != null;
    if (volumeOptions && !type.equals("volume")) {
      throw new IllegalArgumentException("cannot mix 'volume-*' options with mount type '" + type + "'");
    }
    if (bindOptions && !type.equals("bind")) {
      throw new IllegalArgumentException("cannot mix 'bind-*' options with mount type '" + type + "'");
    }
    if (tmpfsOptions && !type.equals("tmpfs")) {
      throw new IllegalArgumentException("cannot mix 'tmpfs-*' options with mount type '" + type + "'");
    }
    return new Mount(type, source, target, readOnly, consistency,
        bindOptions ? Optional.of(new Mount.BindOptions(propagation, nonRecursive != null && nonRecursive)) : Optional.empty(),
        volumeOptions ? Optional.of(new Mount.VolumeOptions(noCopy != null && noCopy, labels,
            Optional.of(new Mount.Driver(driver, driverOpts)))) : Optional.empty(),
        tmpfsOptions ? Optional.of(new Mount.TmpfsOptions(size == null ? 0 : size, mode == null ? 0 : mode)) : Optional.empty());
  }

  private static void putKeyValue(Map<String, String> target, String value) {
    int eq = value.indexOf('=');
    String k = eq < 0 ? value : value.substring(0, eq);
    if (!k.isEmpty()) target.put(k, eq < 0 ? "" : value.substring(eq + 1));
  }

  private static boolean parseBool(String key, String val) {
    try {
      return goBool(val);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid value for " + key + ": " + val);
    }
  }

  /** Go's {@code strconv.ParseBool}. */
  private static boolean goBool(String s) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw new IllegalArgumentException(s);
    };
  }

  /**
   * One record of Go's {@code encoding/csv} reader: fields split at commas, a field that starts
   * with a quote runs to the closing quote ({@code ""} inside is one quote).
   */
  static List<String> csvFields(String line) {
    var fields = new ArrayList<String>();
    int i = 0;
    int n = line.length();
    while (true) {
      var field = new StringBuilder();
      if (i < n && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) throw new IllegalArgumentException("parse error on line 1, column " + (n + 1) + ": extraneous or missing \" in quoted-field");
          char c = line.charAt(i);
          if (c == '"') {
            if (i + 1 < n && line.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          field.append(c);
          i++;
        }
        if (i < n && line.charAt(i) != ',') {
          throw new IllegalArgumentException("parse error on line 1, column " + (i + 1) + ": extraneous or missing \" in quoted-field");
        }
      } else {
        while (i < n && line.charAt(i) != ',') {
          char c = line.charAt(i);
          if (c == '"') throw new IllegalArgumentException("parse error on line 1, column " + (i + 1) + ": bare \" in non-quoted-field");
          field.append(c);
          i++;
        }
      }
      fields.add(field.toString());
      if (i >= n) break;
      i++; // the comma
    }
    return fields;
  }
}
