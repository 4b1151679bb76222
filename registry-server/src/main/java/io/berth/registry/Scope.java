package io.berth.registry;

import java.util.Set;

/**
 * What a request needs, in the token spec's terms ({@code repository:library/busybox:pull,push},
 * {@code registry:catalog:*}): the resource type, its name and the actions. A request may need more
 * than one (a cross-repository mount needs push on the target and pull on the source).
 */
public record Scope(String type, String name, Set<String> actions) {
  public static final String PULL = "pull";
  public static final String PUSH = "push";
  public static final String DELETE = "delete";

  public Scope {
    actions = Set.copyOf(actions);
  }

  public static Scope repository(RepositoryName name, String... actions) {
    return new Scope("repository", name.value(), Set.of(actions));
  }

  /** {@code GET /v2/_catalog}. */
  public static Scope catalog() {
    return new Scope("registry", "catalog", Set.of("*"));
  }

  /** The token spec's string form: {@code repository:x/y:pull,push} (actions sorted). */
  @Override public String toString() {
    return type + ":" + name + ":" + String.join(",", new java.util.TreeSet<>(actions));
  }
}
