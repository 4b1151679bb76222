package io.berth.engine.container;

import io.berth.engine.runtime.OciRuntime;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Docker's {@code top} (moby {@code daemon/top_unix.go}): runs the host's {@code ps} with the
 * caller's options (default {@code -ef}) and keeps the rows whose PID belongs to the container, as
 * the runtime lists them from the container's cgroup. {@code ps} is first asked for just those
 * pids ({@code -q}, procps); a {@code ps} without that option is run again without it and filtered.
 * Rows for threads ({@code -L}, PID "-") follow their process. Stateless and thread-safe.
 */
public final class ContainerTop {
  /** Docker's {@code TopResponse}: column titles and one row of cells per process. */
  public record Result(List<String> titles, List<List<String>> processes) {}

  /** An option naming the PID column something else would hide the pids we filter by. */
  private static final Pattern RENAMED_PID = Pattern.compile("\\s+([^\\s]*)=\\s*(PID[^\\s]*)");

  private final OciRuntime runtime;

  ContainerTop(OciRuntime runtime) {
    this.runtime = runtime;
  }

  Result run(String id, String psArgs) {
    String args = psArgs.isBlank() ? "-ef" : psArgs;
    validate(args);
    List<Integer> pids = runtime.pids(id);
    List<String> argv = Arrays.stream(args.trim().split("\\s+")).toList();
    String quick = "-q" + pids.stream().map(String::valueOf).collect(Collectors.joining(","));
    Ps ps = ps(concat(argv, quick));
    if (ps.exitCode != 0) ps = ps(argv);
    if (ps.exitCode != 0) {
      String line = ps.stderr.lines().findFirst().orElse("exit status " + ps.exitCode);
      throw BerthException.internal("ps: " + line, null);
    }
    return parse(ps.stdout, new HashSet<>(pids));
  }

  static void validate(String psArgs) {
    Matcher m = RENAMED_PID.matcher(psArgs);
    while (m.find()) {
      if (!m.group(1).equals("pid")) {
        throw BerthException.invalid("specifying \"%s=%s\" is not allowed", m.group(1), m.group(2));
      }
    }
  }

  /** The rows of {@code ps} output whose PID is in {@code pids}; the last column keeps its spaces. */
  static Result parse(String output, Set<Integer> pids) {
    List<String> lines = output.lines().toList();
    if (lines.isEmpty()) throw BerthException.internal("ps printed nothing", null);
    List<String> titles = fields(lines.getFirst());
    int pidIndex = titles.indexOf("PID");
    if (pidIndex < 0) throw BerthException.internal("Couldn't find PID field in ps output", null);
    List<List<String>> rows = new ArrayList<>();
    boolean previousIncluded = false;
    for (String line : lines.subList(1, lines.size())) {
      if (line.isEmpty()) continue;
      List<String> f = fields(line);
      if (f.size() <= pidIndex) continue;
      String pid = f.get(pidIndex);
      if (pid.equals("-")) {
        if (previousIncluded) rows.add(row(f, titles.size()));
        continue;
      }
      int p;
      try {
        p = Integer.parseInt(pid);
      } catch (NumberFormatException e) {
        throw BerthException.internal("Unexpected pid '" + pid + "': " + e.getMessage(), e);
      }
      previousIncluded = pids.contains(p);
      if (previousIncluded) rows.add(row(f, titles.size()));
    }
    return new Result(titles, rows);
  }

  private static List<String> row(List<String> fields, int columns) {
    if (fields.size() <= columns) return fields;
    List<String> r = new ArrayList<>(fields.subList(0, columns - 1));
    r.add(String.join(" ", fields.subList(columns - 1, fields.size())));
    return r;
  }

  private static List<String> fields(String line) {
    String t = line.strip();
    return t.isEmpty() ? List.of() : List.of(t.split("[ \\t\\n\\f\\r]+"));
  }

  private static List<String> concat(List<String> a, String b) {
    List<String> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }

  private record Ps(int exitCode, String stdout, String stderr) {}

  private static Ps ps(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("ps");
    cmd.addAll(args);
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    } catch (IOException e) {
      throw new BerthException.Unavailable("cannot run ps: " + e.getMessage(), e);
    }
    try (InputStream out = p.getInputStream(); InputStream err = p.getErrorStream()) {
      // ps writes at most a usage text to stderr, so reading stdout first cannot block it.
      String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      String stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw BerthException.internal("ps did not finish", null);
      }
      return new Ps(p.exitValue(), stdout, stderr);
    } catch (IOException e) {
      p.destroyForcibly();
      throw BerthException.internal("cannot read the output of ps: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw BerthException.internal("interrupted while running ps", e);
    }
  }
}
