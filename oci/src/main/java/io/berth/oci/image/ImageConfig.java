package io.berth.oci.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Digest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image config ({@code config.md}; Docker's {@code application/vnd.docker.container.image.v1+json}
 * is the same document). Its sha256 is the image ID, so an image's config is always kept and hashed
 * as the bytes received; this record reads it and produces new ones (import, commit, build).
 *
 * <p>Top-level keys this record does not model (Docker's {@code container}, {@code
 * container_config}, {@code docker_version}, {@code id}, {@code parent}, …) are kept in
 * {@link #extra()} and written back, so read→write loses nothing.
 *
 * @param created RFC 3339 creation time, as written (see {@link #createdAt()})
 */
@JsonPropertyOrder({"created", "author", "architecture", "os", "os.version", "os.features", "variant",
    "config", "rootfs", "history"})
public record ImageConfig(
    @JsonProperty("created") Optional<String> created,
    @JsonProperty("author") Optional<String> author,
    @JsonProperty("architecture") String architecture,
    @JsonProperty("os") String os,
    @JsonProperty("os.version") Optional<String> osVersion,
    @JsonProperty("os.features") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> osFeatures,
    @JsonProperty("variant") Optional<String> variant,
    @JsonProperty("config") ContainerConfig config,
    @JsonProperty("rootfs") RootFs rootfs,
    @JsonProperty("history") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<History> history,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

  public ImageConfig {
    created = created == null ? Optional.empty() : created;
    author = author == null ? Optional.empty() : author;
    // Lenient: some old tools omit these; matching then treats the image as unknown-platform.
    if (architecture == null) architecture = "";
    if (os == null) os = "";
    osVersion = osVersion == null ? Optional.empty() : osVersion;
    osFeatures = Copies.list(osFeatures);
    variant = variant == null ? Optional.empty() : variant.filter(v -> !v.isEmpty());
    if (config == null) config = ContainerConfig.EMPTY;
    if (rootfs == null) rootfs = RootFs.of(List.of());
    history = Copies.list(history);
    extra = Copies.map(extra);
  }

  /** A new config for {@code platform} with the given layers and defaults (for import/commit). */
  public static ImageConfig of(Platform platform, Instant created, ContainerConfig config, RootFs rootfs,
      List<History> history) {
    return new ImageConfig(Optional.of(created.toString()), Optional.empty(), platform.architecture(),
        platform.os(), platform.osVersion(), platform.osFeatures(), platform.variant(), config, rootfs,
        history, Map.of());
  }

  /** The creation time, when present and parseable as RFC 3339. */
  public Optional<Instant> createdAt() {
    return created.flatMap(c -> {
      try { return Optional.of(Instant.parse(c)); }
      catch (DateTimeParseException e) { return Optional.empty(); }
    });
  }

  /** The platform this image is for. */
  @JsonIgnore
  public Platform platform() {
    return new Platform(architecture, os, osVersion, osFeatures, variant, List.of());
  }

  /** The layers' diff IDs, bottom first. */
  public List<Digest> diffIds() { return rootfs.diffIds(); }

  public ImageConfig withConfig(ContainerConfig newConfig) {
    return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, newConfig,
        rootfs, history, extra);
  }

  public ImageConfig withCreated(Instant when) {
    return new ImageConfig(Optional.of(when.toString()), author, architecture, os, osVersion, osFeatures,
        variant, config, rootfs, history, extra);
  }

  public ImageConfig withAuthor(Optional<String> newAuthor) {
    return new ImageConfig(created, newAuthor, architecture, os, osVersion, osFeatures, variant, config,
        rootfs, history, extra);
  }

  /** This config with one more layer and its history entry on top. */
  public ImageConfig withLayer(Digest diffId, History entry) {
    List<Digest> ids = new java.util.ArrayList<>(rootfs.diffIds());
    ids.add(diffId);
    return withRootFsAndHistory(new RootFs(rootfs.type(), ids), append(entry));
  }

  /** This config with one more history entry (an empty layer: metadata only). */
  public ImageConfig withHistoryEntry(History entry) {
    return withRootFsAndHistory(rootfs, append(entry));
  }

  /** Drops top-level keys that describe the parent's build (used when producing a new config). */
  public ImageConfig withoutExtra() {
    return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config,
        rootfs, history, Map.of());
  }

  private List<History> append(History entry) {
    List<History> h = new java.util.ArrayList<>(history);
    h.add(entry);
    return h;
  }

  private ImageConfig withRootFsAndHistory(RootFs r, List<History> h) {
    return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config, r, h,
        extra);
  }
}
