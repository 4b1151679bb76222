package io.berth.engine.container;

import io.berth.oci.Digest;
import java.time.Instant;

/**
 * One container: its identity, what it runs, and its state. {@code id} is 64 hex characters;
 * {@code name} has no leading slash (the API adds it). Immutable: changes produce a new record that
 * {@link ContainerStore} persists.
 */
public record Container(String id, String name, Instant created, Digest imageId,
    ContainerConfig config, ContainerState state) {

  public Container withState(ContainerState s) {
    return new Container(id, name, created, imageId, config, s);
  }

  public String shortId() { return id.substring(0, 12); }

  /** Docker's Path: the first word of the process. */
  public String path() {
    var args = config.args();
    return args.isEmpty() ? "" : args.get(0);
  }

  public java.util.List<String> argsAfterPath() {
    var args = config.args();
    return args.isEmpty() ? java.util.List.of() : args.subList(1, args.size());
  }
}
