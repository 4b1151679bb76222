package io.berth.engine.container.spec;

import io.berth.oci.errors.BerthException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves Docker's {@code --user} ({@code ""}, {@code name}, {@code uid}, {@code name:group},
 * {@code uid:gid}, ...) and {@code --group-add} through the container's own {@code /etc/passwd} and
 * {@code /etc/group} (read inside the rootfs, never the host's), with runc's rules: a user found in
 * passwd brings its primary gid and home, and (unless a group was given) the groups listing it as a
 * member; a numeric user or group need not exist; a name must.
 *
 * <p>Stateless and thread-safe. Errors: {@link BerthException.InvalidArgument} with Docker's texts,
 * e.g. {@code unable to find user nobody: no matching entries in passwd file}.
 */
public final class UserResolver {
  private UserResolver() {}

  private static final long MAX_ID = 2147483647L;

  /** A resolved identity: {@code additionalGids} starts with {@code gid}, as Docker writes it. */
  public record ResolvedUser(long uid, long gid, List<Long> additionalGids, String home) {
    public ResolvedUser {
      additionalGids = List.copyOf(additionalGids);
    }
  }

  private record PasswdEntry(String name, long uid, long gid, String home) {}

  private record GroupEntry(String name, long gid, List<String> members) {}

  /** Reads a file of the container by its absolute path: its lines, or empty when it is missing. */
  @FunctionalInterface
  public interface ContainerFiles {
    Optional<List<String>> lines(String path);
  }

  public static ResolvedUser resolve(Path rootfs, String user, List<String> groupAdd) {
    return resolve(path -> RootfsPath.readLines(rootfs, path), user, groupAdd);
  }

  /** As {@link #resolve(Path, String, List)}, reading /etc/passwd and /etc/group through {@code files}. */
  public static ResolvedUser resolve(ContainerFiles files, String user, List<String> groupAdd) {
    int colon = user.indexOf(':');
    String userArg = colon < 0 ? user : user.substring(0, colon);
    String groupArg = colon < 0 ? "" : user.substring(colon + 1);
    List<PasswdEntry> passwd = files.lines("/etc/passwd").map(UserResolver::parsePasswd).orElse(List.of());
    List<GroupEntry> groups = files.lines("/etc/group").map(UserResolver::parseGroup).orElse(List.of());

    String wanted = userArg.isEmpty() ? "0" : userArg;
    Optional<Long> wantedUid = numeric(wanted);
    Optional<PasswdEntry> match = passwd.stream()
        .filter(p -> p.name().equals(wanted) || wantedUid.map(u -> u == p.uid()).orElse(false))
        .findFirst();
    long uid;
    long gid = 0;
    String home = "/";
    if (match.isPresent()) {
      uid = match.get().uid();
      gid = match.get().gid();
      home = match.get().home().isEmpty() ? "/" : match.get().home();
    } else if (wantedUid.isPresent()) {
      uid = checkRange(wantedUid.get());
    } else {
      throw BerthException.invalid("unable to find user %s: no matching entries in passwd file", wanted);
    }

    Set<Long> gids = new LinkedHashSet<>();
    if (!groupArg.isEmpty()) {
      Optional<Long> gidArg = numeric(groupArg);
      Optional<GroupEntry> g = groups.stream()
          .filter(e -> gidArg.isPresent() ? e.gid() == gidArg.get() : e.name().equals(groupArg))
          .findFirst();
      if (g.isPresent()) gid = g.get().gid();
      else if (gidArg.isPresent()) gid = checkRange(gidArg.get());
      else throw BerthException.invalid("unable to find group %s: no matching entries in group file", groupArg);
    }
    gids.add(gid);
    if (groupArg.isEmpty() && match.isPresent()) {
      String name = match.get().name();
      groups.stream().filter(g -> g.members().contains(name)).forEach(g -> gids.add(g.gid()));
    }
    for (String extra : groupAdd) gids.add(groupId(groups, extra));
    return new ResolvedUser(uid, gid, new ArrayList<>(gids), home);
  }

  private static long groupId(List<GroupEntry> groups, String group) {
    Optional<Long> numeric = numeric(group);
    if (numeric.isPresent()) return checkRange(numeric.get());
    return groups.stream().filter(g -> g.name().equals(group)).findFirst().map(GroupEntry::gid)
        // Docker's --group-add text starts with a capital, unlike --user's (moby's own lookup vs runc's).
        .orElseThrow(() -> BerthException.invalid("Unable to find group %s: no matching entries in group file", group));
  }

  private static Optional<Long> numeric(String s) {
    if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(Character::isDigit)) return Optional.empty();
    return Optional.of(Long.parseLong(s));
  }

  private static long checkRange(long id) {
    if (id > MAX_ID) throw BerthException.invalid("uids and gids must be in range 0-%d", MAX_ID);
    return id;
  }

  // name:password:uid:gid:gecos:home:shell — malformed lines are skipped, as libc does.
  private static List<PasswdEntry> parsePasswd(List<String> lines) {
    List<PasswdEntry> out = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.split(":", -1);
      if (f.length < 4) continue;
      Optional<Long> uid = numeric(f[2]);
      Optional<Long> gid = numeric(f[3]);
      if (uid.isEmpty() || gid.isEmpty()) continue;
      out.add(new PasswdEntry(f[0], uid.get(), gid.get(), f.length > 5 ? f[5] : ""));
    }
    return out;
  }

  // name:password:gid:member,member
  private static List<GroupEntry> parseGroup(List<String> lines) {
    List<GroupEntry> out = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.split(":", -1);
      if (f.length < 3) continue;
      Optional<Long> gid = numeric(f[2]);
      if (gid.isEmpty()) continue;
      List<String> members = f.length > 3 && !f[3].isBlank() ? List.of(f[3].split(",")) : List.of();
      out.add(new GroupEntry(f[0], gid.get(), members.stream().map(String::trim).toList()));
    }
    return out;
  }
}
