package io.berth.oci.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Optional;

/**
 * One entry of an image config's {@code history}: how a layer (or an empty, metadata-only step,
 * {@code empty_layer}) was made. {@code docker history} shows these, newest first.
 */
@JsonPropertyOrder({"created", "created_by", "author", "comment", "empty_layer"})
public record History(
    @JsonProperty("created") Optional<String> created,
    @JsonProperty("created_by") Optional<String> createdBy,
    @JsonProperty("author") Optional<String> author,
    @JsonProperty("comment") Optional<String> comment,
    @JsonProperty("empty_layer") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean emptyLayer) {

  public History {
    created = created == null ? Optional.empty() : created;
    createdBy = createdBy == null ? Optional.empty() : createdBy;
    author = author == null ? Optional.empty() : author;
    comment = comment == null ? Optional.empty() : comment;
  }

  /** An entry created at {@code created} (RFC 3339) by {@code createdBy}. */
  public static History of(String created, String createdBy, boolean emptyLayer) {
    return new History(Optional.of(created), Optional.of(createdBy), Optional.empty(), Optional.empty(), emptyLayer);
  }
}
