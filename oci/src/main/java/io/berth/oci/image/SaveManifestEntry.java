package io.berth.oci.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One item of the {@code manifest.json} array in a {@code docker save} tar (docker-image-spec
 * v1.2, "Combined Image JSON + Filesystem Changeset Format"): paths inside the tar of the config
 * and of each layer tar, bottom first, and the tags ({@code busybox:latest}) it was saved under.
 *
 * @param config path of the config blob, e.g. {@code blobs/sha256/<hex>} or {@code <hex>.json}
 * @param repoTags familiar references, e.g. {@code busybox:latest} (may be empty)
 * @param layers paths of the layer tars, bottom first
 * @param layerSources foreign layers' descriptors by diff ID (not written when empty)
 */
@JsonPropertyOrder({"Config", "RepoTags", "Layers", "LayerSources"})
public record SaveManifestEntry(
    @JsonProperty("Config") String config,
    @JsonProperty("RepoTags") List<String> repoTags,
    @JsonProperty("Layers") List<String> layers,
    @JsonProperty("LayerSources") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Descriptor> layerSources) {

  /** The name of the file in the tar that holds a JSON array of these entries. */
  public static final String FILE_NAME = "manifest.json";

  public SaveManifestEntry {
    Objects.requireNonNull(config, "save manifest Config");
    repoTags = Copies.list(repoTags);
    layers = Copies.list(layers);
    layerSources = Copies.map(layerSources);
  }

  public SaveManifestEntry(String config, List<String> repoTags, List<String> layers) {
    this(config, repoTags, layers, Map.of());
  }
}
