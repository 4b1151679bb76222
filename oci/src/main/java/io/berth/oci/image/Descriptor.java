package io.berth.oci.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A content descriptor ({@code descriptor.md}): what a blob is, its digest and its size. Used for
 * manifest configs and layers, index entries and Docker manifest-list entries.
 *
 * @param mediaType media type of the referenced content (see {@link MediaTypes})
 * @param digest digest of the raw bytes
 * @param size size of the raw bytes
 * @param urls where a foreign layer may be fetched from (not written when empty)
 * @param annotations arbitrary metadata (not written when empty)
 * @param platform the platform of an index entry's target
 * @param artifactType the artifact type, for artifact descriptors
 * @param data base64 of the embedded content, when embedded
 */
@JsonPropertyOrder({"mediaType", "digest", "size", "urls", "annotations", "platform", "artifactType", "data"})
public record Descriptor(
    @JsonProperty("mediaType") String mediaType,
    @JsonProperty("digest") Digest digest,
    @JsonProperty("size") long size,
    @JsonProperty("urls") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> urls,
    @JsonProperty("annotations") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations,
    @JsonProperty("platform") Optional<Platform> platform,
    @JsonProperty("artifactType") Optional<String> artifactType,
    @JsonProperty("data") Optional<String> data) {

  public Descriptor {
    if (mediaType == null) mediaType = "";
    Objects.requireNonNull(digest, "descriptor digest");
    if (size < 0) throw BerthException.invalid("invalid descriptor size: %d", size);
    urls = Copies.list(urls);
    annotations = Copies.map(annotations);
    platform = platform == null ? Optional.empty() : platform;
    artifactType = artifactType == null ? Optional.empty() : artifactType;
    data = data == null ? Optional.empty() : data;
  }

  public Descriptor(String mediaType, Digest digest, long size) {
    this(mediaType, digest, size, List.of(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** A copy of this descriptor with {@code newPlatform}. */
  public Descriptor withPlatform(Platform newPlatform) {
    return new Descriptor(mediaType, digest, size, urls, annotations, Optional.of(newPlatform), artifactType, data);
  }

  /** A copy of this descriptor with {@code newAnnotations}. */
  public Descriptor withAnnotations(Map<String, String> newAnnotations) {
    return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform, artifactType, data);
  }
}
