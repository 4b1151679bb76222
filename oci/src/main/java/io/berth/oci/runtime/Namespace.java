package io.berth.oci.runtime;

import static io.berth.oci.runtime.OptionalJson.opt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.berth.oci.errors.BerthException;
import java.util.Optional;
import java.util.Set;

/**
 * A namespace the container gets (config-linux.md "Namespaces"): a new one, or with {@code path} the
 * existing one at that path (e.g. {@code /run/berth/netns/<id>} or {@code /proc/<pid>/ns/net}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"type", "path"})
public record Namespace(String type, @JsonOptional Optional<String> path) {
  public static final String PID = "pid";
  public static final String NETWORK = "network";
  public static final String MOUNT = "mount";
  public static final String IPC = "ipc";
  public static final String UTS = "uts";
  public static final String USER = "user";
  public static final String CGROUP = "cgroup";
  public static final String TIME = "time";

  private static final Set<String> TYPES = Set.of(PID, NETWORK, MOUNT, IPC, UTS, USER, CGROUP, TIME);

  public Namespace {
    if (!TYPES.contains(type)) throw BerthException.invalid("invalid namespace type: %s", type);
    path = opt(path);
  }

  /** A new namespace of {@code type}. */
  public static Namespace of(String type) { return new Namespace(type, Optional.empty()); }

  /** Joins the namespace at {@code path}. */
  public static Namespace join(String type, String path) { return new Namespace(type, Optional.of(path)); }
}
