package io.berth.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code HEALTHCHECK} instruction of a {@code --change}: {@code NONE}, or {@code [--interval=D]
 * [--timeout=D] [--start-period=D] [--start-interval=D] [--retries=N] CMD command} (shell form
 * becomes {@code CMD-SHELL}), as the image config's {@code Healthcheck} (durations in nanoseconds),
 * with dockerd's error messages.
 */
final class HealthcheckChange {
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

  private HealthcheckChange() {}

  static JsonNode parse(String rest) {
    Map<String, Object> hc = new LinkedHashMap<>();
    String s = rest;
    Map<String, String> flags = new LinkedHashMap<>();
    while (s.startsWith("--")) {
      int sp = s.indexOf(' ');
      String flag = sp < 0 ? s : s.substring(0, sp);
      s = sp < 0 ? "" : s.substring(sp + 1).strip();
      int eq = flag.indexOf('=');
      String name = eq < 0 ? flag.substring(2) : flag.substring(2, eq);
      if (!List.of("interval", "timeout", "start-period", "start-interval", "retries").contains(name)) {
        throw BerthException.invalid("Unknown flag: %s", name);
      }
      if (eq < 0) throw BerthException.invalid("Missing a value on flag: %s", flag);
      flags.put(name, flag.substring(eq + 1));
    }
    String word = s.split("\\s+", 2)[0];
    String cmd = s.length() > word.length() ? s.substring(word.length()).strip() : "";
    switch (word.toUpperCase(java.util.Locale.ROOT)) {
      case "NONE" -> {
        if (!cmd.isEmpty() || !flags.isEmpty()) throw BerthException.invalid("HEALTHCHECK NONE takes no arguments");
        hc.put("Test", List.of("NONE"));
        return Json.mapper().valueToTree(hc);
      }
      case "CMD" -> {
        if (cmd.isEmpty()) throw BerthException.invalid("Missing command after HEALTHCHECK CMD");
        List<String> test;
        if (cmd.startsWith("[")) {
          try {
            List<String> args = Json.mapper().readValue(cmd, new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {});
            test = new java.util.ArrayList<>(List.of("CMD"));
            test.addAll(args);
          } catch (java.io.IOException notJson) {
            test = List.of("CMD-SHELL", cmd);
          }
        } else {
          test = List.of("CMD-SHELL", cmd);
        }
        hc.put("Test", test);
      }
      default -> throw BerthException.invalid("Unknown type \"%s\" in HEALTHCHECK (try CMD)", word);
    }
    duration(flags, "interval").ifPresent(v -> hc.put("Interval", v));
    duration(flags, "timeout").ifPresent(v -> hc.put("Timeout", v));
    duration(flags, "start-period").ifPresent(v -> hc.put("StartPeriod", v));
    duration(flags, "start-interval").ifPresent(v -> hc.put("StartInterval", v));
    if (flags.containsKey("retries")) {
      try {
        int r = Integer.parseInt(flags.get("retries"));
        if (r < 0) throw BerthException.invalid("--retries cannot be negative (%d)", r);
        if (r > 0) hc.put("Retries", r);
      } catch (NumberFormatException e) {
        throw BerthException.invalid("strconv.ParseInt: parsing \"%s\": invalid syntax", flags.get("retries"));
      }
    }
    return Json.mapper().valueToTree(hc);
  }

  private static java.util.Optional<Long> duration(Map<String, String> flags, String name) {
    String v = flags.get(name);
    if (v == null) return java.util.Optional.empty();
    long ns = goDuration(v);
    if (ns == 0) return java.util.Optional.empty();
    if (ns < 1_000_000L) throw BerthException.invalid("Interval \"%s\" cannot be less than 1ms", name);
    return java.util.Optional.of(ns);
  }

  /** Go's {@code time.ParseDuration} (non-negative): "1m30s", "1.5h", "250ms"; "0" alone is zero. */
  static long goDuration(String s) {
    if (s.equals("0")) return 0;
    Matcher m = DURATION_PART.matcher(s);
    int at = 0;
    double total = 0;
    while (at < s.length() && m.find(at) && m.start() == at) {
      double unit = switch (m.group(2)) {
        case "ns" -> 1;
        case "us", "µs", "μs" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      total += Double.parseDouble(m.group(1)) * unit;
      at = m.end();
    }
    if (at != s.length() || s.isEmpty()) throw BerthException.invalid("time: invalid duration \"%s\"", s);
    return Math.round(total);
  }
}
