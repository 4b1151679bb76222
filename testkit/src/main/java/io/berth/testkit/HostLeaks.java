package io.berth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds what a container engine may leave behind on the host after containers are gone: mounts under
 * its roots, conmon/runc processes or processes in a container's cgroup, cgroup directories and files
 * named after container IDs.
 *
 * <p>Reads {@code /proc} and {@code /sys/fs/cgroup} of the calling process's namespaces (the test and the
 * daemon share them). Stateless and thread-safe. {@link #assertNoneFor} throws {@link AssertionError}
 * listing every leak; {@link #find} returns them for callers that want to clean up first.
 */
public final class HostLeaks {
  private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
  private static final Set<String> RUNTIME_COMMANDS = Set.of("conmon", "runc", "crun");

  private HostLeaks() {}

  /**
   * Throws if anything of these containers is left: a mount whose mountinfo line names one of the IDs,
   * a process whose arguments name one or that sits in its cgroup, a cgroup directory or a file under
   * {@code root} named after one. IDs may be full (64 hex) or unique prefixes (the 12-character short ID).
   * Other containers of the same daemon may keep running: they are not reported.
   */
  public static void assertNoneFor(Path root, Set<String> containerIds) {
    List<String> leaks = find(root, containerIds);
    if (!leaks.isEmpty()) {
      throw new AssertionError("host leaks for " + containerIds + " (" + root + "):\n  " + String.join("\n  ", leaks));
    }
  }

  /** The leaks {@link #assertNoneFor} reports, one per line. */
  public static List<String> find(Path root, Set<String> containerIds) {
    var leaks = new ArrayList<String>();
    for (String line : lines(Path.of("/proc/self/mountinfo"))) {
      if (containerIds.stream().anyMatch(line::contains)) leaks.add("mount: " + line);
    }
    leaks.addAll(processes(List.of(), containerIds));
    for (Path cg : cgroupDirs(containerIds)) leaks.add("cgroup: " + cg);
    for (Path f : filesNamed(List.of(root), containerIds)) leaks.add("file: " + f);
    return leaks;
  }

  /**
   * For a daemon that has stopped: {@link #find} plus every mount at or below {@code root} and every
   * conmon/runc/crun process whose arguments name {@code root}, whatever container it belongs to.
   */
  public static List<String> findAll(Path root, Set<String> containerIds) {
    var leaks = new ArrayList<String>();
    for (String mp : mountsUnder(List.of(root))) leaks.add("mount: " + mp);
    for (String l : find(root, containerIds)) {
      if (!leaks.contains(l)) leaks.add(l);
    }
    for (String p : processes(List.of(root), Set.of())) {
      if (!leaks.contains(p)) leaks.add(p);
    }
    return leaks;
  }

  /** Mount points at or below any of {@code roots}, deepest first (the order to unmount them in). */
  public static List<String> mountsUnder(Collection<Path> roots) {
    var result = new ArrayList<String>();
    for (String line : lines(Path.of("/proc/self/mountinfo"))) {
      String[] f = line.split(" ");
      if (f.length < 5) continue;
      String mp = unescape(f[4]);
      for (Path r : roots) {
        String root = r.toAbsolutePath().normalize().toString();
        if (mp.equals(root) || mp.startsWith(root + "/")) { result.add(mp); break; }
      }
    }
    result.sort((a, b) -> b.length() - a.length());
    return result;
  }

  /**
   * Processes that belong to the containers: conmon/runc/crun whose arguments name one of {@code roots},
   * any process whose arguments name an ID, and any process inside a cgroup named after an ID.
   */
  public static List<String> processes(Collection<Path> roots, Set<String> containerIds) {
    var leaks = new ArrayList<String>();
    long self = ProcessHandle.current().pid();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) continue;
        String cmdline = read(p.resolve("cmdline")).replace('\0', ' ').strip();
        String comm = read(p.resolve("comm")).strip();
        String cgroup = read(p.resolve("cgroup"));
        boolean runtime = RUNTIME_COMMANDS.contains(comm);
        boolean namesRoot = roots.stream().anyMatch(r -> cmdline.contains(r.toAbsolutePath().normalize().toString()));
        boolean namesId = containerIds.stream().anyMatch(cmdline::contains);
        boolean inCgroup = containerIds.stream().anyMatch(cgroup::contains);
        if ((runtime && namesRoot) || namesId || inCgroup) {
          leaks.add("process " + name + " (" + comm + "): " + cmdline);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return leaks;
  }

  /** Cgroup directories (any hierarchy, depth ≤ 5) whose name contains one of the IDs. */
  public static List<Path> cgroupDirs(Set<String> containerIds) {
    if (containerIds.isEmpty() || !Files.isDirectory(CGROUP_ROOT)) return List.of();
    var found = new ArrayList<Path>();
    try (Stream<Path> hierarchies = Files.list(CGROUP_ROOT)) {
      for (Path h : hierarchies.toList()) {
        // Named hierarchies (cpu,cpuacct) appear twice via symlinks; walking does not follow them.
        if (Files.isSymbolicLink(h) || !Files.isDirectory(h)) continue;
        try (Stream<Path> dirs = Files.walk(h, 5)) {
          dirs.filter(Files::isDirectory)
              .filter(d -> containerIds.stream().anyMatch(id -> d.getFileName().toString().contains(id)))
              .forEach(found::add);
        } catch (IOException | UncheckedIOException e) {
          // cgroup dirs vanish while we walk: that is the good case
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** Files or directories below {@code roots} whose name contains a full container ID. */
  public static List<Path> filesNamed(Collection<Path> roots, Set<String> containerIds) {
    if (containerIds.isEmpty()) return List.of();
    var found = new ArrayList<Path>();
    for (Path r : roots) {
      if (!Files.isDirectory(r)) continue;
      try (Stream<Path> all = Files.walk(r, 6)) {
        all.filter(p -> containerIds.stream().anyMatch(id -> p.getFileName().toString().contains(id))).forEach(found::add);
      } catch (IOException | UncheckedIOException e) {
        // entries removed concurrently
      }
    }
    return found;
  }

  /** mountinfo escapes space, tab, newline and backslash as octal ({@code \040}). */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) return s;
    var sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length()) {
        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static List<String> lines(Path p) {
    try { return Files.readAllLines(p, StandardCharsets.UTF_8); }
    catch (IOException e) { throw new UncheckedIOException(e); }
  }

  private static String read(Path p) {
    try { return new String(Files.readAllBytes(p), StandardCharsets.UTF_8); }
    catch (IOException e) { return ""; } // the process exited meanwhile
  }
}
