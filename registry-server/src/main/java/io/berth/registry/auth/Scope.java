package io.berth.registry.auth;

import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One resource scope of the Docker token spec: {@code type:name:action[,action]*}, e.g.
 * {@code repository:library/busybox:pull,push} or {@code registry:catalog:*}. Printed exactly as
 * parsed (actions in their first-seen order, duplicates dropped), which is how challenges and token
 * requests spell it.
 *
 * <p>The name may itself contain one colon (a {@code host:port/} prefix), so the type is what comes
 * before the first colon and the actions what follows the last one. A resource class
 * ({@code repository(plugin)}) is dropped on parsing: the spec deprecates it and says such types are
 * equal to the plain type when authorizing.
 */
public record Scope(String type, String name, List<String> actions) {
  public static final String REPOSITORY = "repository";
  public static final String REGISTRY = "registry";
  public static final String PULL = "pull";
  public static final String PUSH = "push";
  public static final String DELETE = "delete";
  /** Every action ({@code registry:catalog:*}). */
  public static final String ALL = "*";

  private static final Pattern TYPE = Pattern.compile("[a-z0-9]+(\\([a-z0-9]+\\))?");
  private static final Pattern ACTION = Pattern.compile("[a-z]+|\\*");

  public Scope {
    if (!TYPE.matcher(type).matches()) throw BerthException.invalid("invalid scope type: %s", type);
    if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c == '"' || c == 0x7f)) {
      throw BerthException.invalid("invalid scope name: %s", name);
    }
    int paren = type.indexOf('(');
    if (paren > 0) type = type.substring(0, paren);
    for (String action : actions) {
      if (!ACTION.matcher(action).matches()) throw BerthException.invalid("invalid scope action: %s", action);
    }
    actions = List.copyOf(new LinkedHashSet<>(actions));
  }

  public static Scope repository(String name, String... actions) {
    return new Scope(REPOSITORY, name, List.of(actions));
  }

  /** {@code registry:catalog:*}, the scope of {@code GET /v2/_catalog}. */
  public static Scope catalog() {
    return new Scope(REGISTRY, "catalog", List.of(ALL));
  }

  /** Parses one {@code type:name:actions}; InvalidArgument when it is not one. */
  public static Scope parse(String text) {
    int first = text.indexOf(':');
    int last = text.lastIndexOf(':');
    if (first <= 0 || last == first) throw BerthException.invalid("invalid scope: %s", text);
    String actions = text.substring(last + 1);
    List<String> list = actions.isEmpty() ? List.of() : List.of(actions.split(",", -1));
    try {
      return new Scope(text.substring(0, first), text.substring(first + 1, last), list);
    } catch (BerthException.InvalidArgument e) {
      throw BerthException.invalid("invalid scope: %s", text);
    }
  }

  /** Parses a space-separated list (a challenge's or an OAuth form's {@code scope}); blanks are skipped. */
  public static List<Scope> parseAll(String text) {
    List<Scope> out = new ArrayList<>();
    for (String part : text.trim().split(" +")) {
      if (!part.isEmpty()) out.add(parse(part));
    }
    return out;
  }

  /** Scopes on the same resource joined into one, in first-seen order (a token request may repeat one). */
  public static List<Scope> merge(List<Scope> scopes) {
    Map<String, Scope> byResource = new LinkedHashMap<>();
    for (Scope scope : scopes) {
      byResource.merge(scope.type + ":" + scope.name, scope, (a, b) -> {
        List<String> actions = new ArrayList<>(a.actions);
        actions.addAll(b.actions);
        return a.withActions(actions);
      });
    }
    return List.copyOf(byResource.values());
  }

  /** The space-separated form used in {@code WWW-Authenticate: Bearer ...,scope="..."}. */
  public static String format(List<Scope> scopes) {
    return String.join(" ", scopes.stream().map(Scope::toString).toList());
  }

  public Scope withActions(List<String> newActions) {
    return new Scope(type, name, newActions);
  }

  public boolean sameResource(Scope other) {
    return type.equals(other.type) && name.equals(other.name);
  }

  /** Whether this grant covers {@code action} ({@code *} covers every action). */
  public boolean allows(String action) {
    return actions.contains(action) || actions.contains(ALL);
  }

  /** Whether the granted scopes together cover every action of every needed scope. */
  public static boolean covers(List<Scope> granted, List<Scope> needed) {
    for (Scope need : needed) {
      for (String action : need.actions) {
        if (granted.stream().noneMatch(g -> g.sameResource(need) && g.allows(action))) return false;
      }
    }
    return true;
  }

  @Override public String toString() {
    return type + ":" + name + ":" + String.join(",", actions);
  }
}
