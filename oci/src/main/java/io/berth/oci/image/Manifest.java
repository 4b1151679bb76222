package io.berth.oci.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An image manifest: OCI ({@code manifest.md}) or Docker v2 schema 2 ({@code manifest-v2-2.md}),
 * which share this shape. {@code mediaType} is required by Docker and recommended by OCI.
 */
@JsonPropertyOrder({"schemaVersion", "mediaType", "artifactType", "config", "layers", "subject", "annotations"})
public record Manifest(
    @JsonProperty("schemaVersion") int schemaVersion,
    @JsonProperty("mediaType") Optional<String> mediaType,
    @JsonProperty("artifactType") Optional<String> artifactType,
    @JsonProperty("config") Descriptor config,
    @JsonProperty("layers") List<Descriptor> layers,
    @JsonProperty("subject") Optional<Descriptor> subject,
    @JsonProperty("annotations") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations) {

  public Manifest {
    mediaType = mediaType == null ? Optional.empty() : mediaType;
    artifactType = artifactType == null ? Optional.empty() : artifactType;
    Objects.requireNonNull(config, "manifest config");
    layers = Copies.list(layers);
    subject = subject == null ? Optional.empty() : subject;
    annotations = Copies.map(annotations);
  }

  /** A schema-2 manifest of {@code mediaType} with no artifact type, subject or annotations. */
  public static Manifest of(String mediaType, Descriptor config, List<Descriptor> layers) {
    return new Manifest(2, Optional.of(mediaType), Optional.empty(), config, layers, Optional.empty(), Map.of());
  }
}
