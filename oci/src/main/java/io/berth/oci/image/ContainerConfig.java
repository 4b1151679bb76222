package io.berth.oci.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code config} object of an image config: the defaults a container of the image runs with,
 * with Docker's capitalised keys ({@code config.md} "Properties", docker-image-spec v1.2).
 *
 * <p>{@code Entrypoint}, {@code Cmd} and {@code Shell} are optional lists because "absent" and
 * "empty" differ ({@code CMD []} clears an inherited command). Keys this record does not model
 * (Docker writes {@code Hostname}, {@code Tty}, {@code Image}, …) are kept in {@link #extra()} and
 * written back unchanged.
 */
@JsonPropertyOrder({"User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels",
    "StopSignal", "ArgsEscaped", "OnBuild", "Shell", "Healthcheck"})
public record ContainerConfig(
    @JsonProperty("User") Optional<String> user,
    @JsonProperty("ExposedPorts") @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonSerialize(converter = StructSet.Write.class) @JsonDeserialize(converter = StructSet.Read.class)
    Set<String> exposedPorts,
    @JsonProperty("Env") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> env,
    @JsonProperty("Entrypoint") Optional<List<String>> entrypoint,
    @JsonProperty("Cmd") Optional<List<String>> cmd,
    @JsonProperty("Volumes") @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonSerialize(converter = StructSet.Write.class) @JsonDeserialize(converter = StructSet.Read.class)
    Set<String> volumes,
    @JsonProperty("WorkingDir") Optional<String> workingDir,
    @JsonProperty("Labels") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels,
    @JsonProperty("StopSignal") Optional<String> stopSignal,
    @JsonProperty("ArgsEscaped") Optional<Boolean> argsEscaped,
    @JsonProperty("OnBuild") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> onBuild,
    @JsonProperty("Shell") Optional<List<String>> shell,
    @JsonProperty("Healthcheck") Optional<JsonNode> healthcheck,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

  public static final ContainerConfig EMPTY = builder().build();

  public ContainerConfig {
    user = orEmpty(user);
    exposedPorts = Copies.set(exposedPorts);
    env = Copies.list(env);
    entrypoint = orEmpty(entrypoint).map(List::copyOf);
    cmd = orEmpty(cmd).map(List::copyOf);
    volumes = Copies.set(volumes);
    workingDir = orEmpty(workingDir);
    labels = Copies.map(labels);
    stopSignal = orEmpty(stopSignal);
    argsEscaped = orEmpty(argsEscaped);
    onBuild = Copies.list(onBuild);
    shell = orEmpty(shell).map(List::copyOf);
    healthcheck = orEmpty(healthcheck).filter(n -> !n.isNull() && !n.isMissingNode());
    extra = Copies.map(extra);
  }

  private static <T> Optional<T> orEmpty(Optional<T> o) { return o == null ? Optional.empty() : o; }

  public static Builder builder() { return new Builder(); }

  /** A builder that starts from this config (for {@code commit --change} and the build executor). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.user = user; b.exposedPorts.addAll(exposedPorts); b.env.addAll(env); b.entrypoint = entrypoint;
    b.cmd = cmd; b.volumes.addAll(volumes); b.workingDir = workingDir; b.labels.putAll(labels);
    b.stopSignal = stopSignal; b.argsEscaped = argsEscaped; b.onBuild.addAll(onBuild); b.shell = shell;
    b.healthcheck = healthcheck; b.extra.putAll(extra);
    return b;
  }

  /** Mutable, single-threaded builder of a {@link ContainerConfig}. */
  public static final class Builder {
    private Optional<String> user = Optional.empty();
    private final Set<String> exposedPorts = new LinkedHashSet<>();
    private final List<String> env = new java.util.ArrayList<>();
    private Optional<List<String>> entrypoint = Optional.empty();
    private Optional<List<String>> cmd = Optional.empty();
    private final Set<String> volumes = new LinkedHashSet<>();
    private Optional<String> workingDir = Optional.empty();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Optional<String> stopSignal = Optional.empty();
    private Optional<Boolean> argsEscaped = Optional.empty();
    private final List<String> onBuild = new java.util.ArrayList<>();
    private Optional<List<String>> shell = Optional.empty();
    private Optional<JsonNode> healthcheck = Optional.empty();
    private final Map<String, JsonNode> extra = new LinkedHashMap<>();

    private Builder() {}

    public Builder user(String v) { user = Optional.of(v); return this; }
    public Builder exposedPort(String portProto) { exposedPorts.add(portProto); return this; }
    public Builder env(List<String> v) { env.clear(); env.addAll(v); return this; }
    public Builder entrypoint(Optional<List<String>> v) { entrypoint = v; return this; }
    public Builder cmd(Optional<List<String>> v) { cmd = v; return this; }
    public Builder volume(String path) { volumes.add(path); return this; }
    public Builder workingDir(String v) { workingDir = Optional.of(v); return this; }
    public Builder label(String k, String v) { labels.put(k, v); return this; }
    public Builder stopSignal(String v) { stopSignal = Optional.of(v); return this; }
    public Builder argsEscaped(boolean v) { argsEscaped = Optional.of(v); return this; }
    public Builder onBuild(List<String> v) { onBuild.clear(); onBuild.addAll(v); return this; }
    public Builder shell(Optional<List<String>> v) { shell = v; return this; }
    public Builder healthcheck(Optional<JsonNode> v) { healthcheck = v; return this; }

    public ContainerConfig build() {
      return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels,
          stopSignal, argsEscaped, onBuild, shell, healthcheck, extra);
    }
  }
}
