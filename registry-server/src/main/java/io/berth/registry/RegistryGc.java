package io.berth.registry;

import io.berth.registry.storage.GarbageCollector;
import io.berth.registry.storage.RegistryIndex;
import io.berth.store.LocalContentStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code berth registry gc --root DIR [--dry-run] [--delete-untagged] [--grace DURATION]}: one
 * collection from this process. It may run while a {@code berth registry serve} uses the same root:
 * the collector re-checks every candidate inside an SQLite write transaction (which the server's
 * writes wait for) and keeps anything younger than the grace period, but it cannot see the server's
 * open upload sessions, so a push pausing longer than the grace period between its blobs and its
 * manifest is only safe with the server's own collection ({@code POST /berth/gc}, {@code --gc-interval}).
 */
public final class RegistryGc {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

  private RegistryGc() {}

  /** Runs {@code berth registry gc}; returns the exit status. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    Path root = RegistryServer.DEFAULT_ROOT;
    boolean dryRun = false;
    boolean deleteUntagged = false;
    Duration grace = GarbageCollector.Options.DEFAULT_GRACE;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String flag = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      Optional<String> inline = a.contains("=") ? Optional.of(a.substring(a.indexOf('=') + 1)) : Optional.empty();
      switch (flag) {
        case "--root", "--grace" -> {
          String value;
          if (inline.isPresent()) {
            value = inline.get();
          } else if (i + 1 < args.size()) {
            value = args.get(++i);
          } else {
            err.println("flag needs an argument: " + flag);
            return 125;
          }
          if (flag.equals("--root")) {
            root = Path.of(value);
          } else {
            Optional<Duration> d = duration(value);
            if (d.isEmpty()) {
              err.println("invalid duration for --grace: " + value);
              return 125;
            }
            grace = d.get();
          }
        }
        case "--dry-run", "-d" -> dryRun = inline.map(v -> !v.equals("false")).orElse(true);
        case "--delete-untagged", "-m" -> deleteUntagged = inline.map(v -> !v.equals("false")).orElse(true);
        default -> {
          err.println("unknown flag: " + a);
          return 125;
        }
      }
    }
    Path abs = root.toAbsolutePath();
    if (!Files.isRegularFile(abs.resolve("registry.db"))) {
      err.println("no registry at " + abs + " (no registry.db)");
      return 1;
    }
    try (RegistryIndex index = RegistryIndex.open(abs.resolve("registry.db"))) {
      GarbageCollector gc = new GarbageCollector(new LocalContentStore(abs), index, java.util.Set::of, Clock.systemUTC());
      GarbageCollector.Report report = gc.run(new GarbageCollector.Options(dryRun, deleteUntagged, grace));
      GcRoute.lines(report).forEach(out::println);
      out.flush();
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("garbage collection failed: " + e.getMessage());
      return 1;
    }
  }

  /** {@code 90s}, {@code 10m}, {@code 2h}, {@code 500ms}, or Java's {@code PT10M}; a bare number is seconds. */
  static Optional<Duration> duration(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      return Optional.of(switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofSeconds(n);
      });
    }
    try {
      Duration d = Duration.parse(text.strip());
      return d.isNegative() ? Optional.empty() : Optional.of(d);
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
