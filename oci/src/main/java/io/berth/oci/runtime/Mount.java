package io.berth.oci.runtime;

import static io.berth.oci.runtime.OptionalJson.list;
import static io.berth.oci.runtime.OptionalJson.opt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.berth.oci.errors.BerthException;
import java.util.List;
import java.util.Optional;

/**
 * One mount (config.md "Mounts"). {@code destination} is an absolute path in the container. Bind mounts
 * are {@code type "bind"} with {@code "bind"} or {@code "rbind"} among the options.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"destination", "type", "source", "options"})
public record Mount(String destination, @JsonOptional Optional<String> type, @JsonOptional Optional<String> source,
    List<String> options) {
  public Mount {
    OptionalJson.required(destination, "mount destination");
    if (!destination.startsWith("/")) throw BerthException.invalid("mount destination must be absolute: %s", destination);
    type = opt(type);
    source = opt(source);
    options = list(options);
  }

  public Mount(String destination, String type, String source, List<String> options) {
    this(destination, Optional.of(type), Optional.of(source), options);
  }

  /** A bind mount of {@code source} (a host path) at {@code destination}, read-only when asked. */
  public static Mount bind(String source, String destination, boolean readonly) {
    return new Mount(destination, "bind", source,
        readonly ? List.of("rbind", "ro", "rprivate") : List.of("rbind", "rprivate"));
  }

  public Mount withOptions(List<String> newOptions) {
    return new Mount(destination, type, source, newOptions);
  }
}
