package io.berth.oci.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OCI image index ({@code image-index.md}) or Docker manifest list: manifests for several
 * platforms (each entry's {@link Descriptor#platform()}), also the {@code index.json} of an OCI
 * layout.
 */
@JsonPropertyOrder({"schemaVersion", "mediaType", "artifactType", "manifests", "subject", "annotations"})
public record ImageIndex(
    @JsonProperty("schemaVersion") int schemaVersion,
    @JsonProperty("mediaType") Optional<String> mediaType,
    @JsonProperty("artifactType") Optional<String> artifactType,
    @JsonProperty("manifests") List<Descriptor> manifests,
    @JsonProperty("subject") Optional<Descriptor> subject,
    @JsonProperty("annotations") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations) {

  /** The annotation an OCI layout's index uses for an entry's reference (tag). */
  public static final String REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";
  /** containerd's annotation for the full image name in an exported OCI layout. */
  public static final String IMAGE_NAME_ANNOTATION = "io.containerd.image.name";

  public ImageIndex {
    mediaType = mediaType == null ? Optional.empty() : mediaType;
    artifactType = artifactType == null ? Optional.empty() : artifactType;
    manifests = Copies.list(manifests);
    subject = subject == null ? Optional.empty() : subject;
    annotations = Copies.map(annotations);
  }

  /** A schema-2 index of {@code mediaType} listing {@code manifests}. */
  public static ImageIndex of(String mediaType, List<Descriptor> manifests) {
    return new ImageIndex(2, Optional.of(mediaType), Optional.empty(), manifests, Optional.empty(), Map.of());
  }
}
