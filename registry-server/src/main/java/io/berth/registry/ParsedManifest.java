package io.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Digest;
import io.berth.oci.Json;
import io.berth.oci.image.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the registry needs to know of a pushed manifest: its type, the blobs (config, layers) and
 * child manifests (of an index) it references, and its referrers-API fields. Parsed from the
 * exact bytes pushed, which are stored unchanged.
 *
 * @param blobs config and layers that must be present in the repository (foreign layers with
 *     {@code urls} excluded: clients fetch those elsewhere)
 * @param children manifests an index or manifest list names; they must be in the repository
 */
record ParsedManifest(String mediaType, List<Digest> blobs, List<Digest> children, Optional<Digest> subject,
    Optional<String> artifactType, Optional<String> annotationsJson) {

  static final List<String> SUPPORTED = List.of(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST,
      MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX);

  static boolean isIndex(String mediaType) {
    return mediaType.equals(MediaTypes.OCI_INDEX) || mediaType.equals(MediaTypes.DOCKER_MANIFEST_LIST);
  }

  /**
   * Parses {@code body} pushed with {@code contentType} (may be absent or carry parameters).
   *
   * @throws RegistryException MANIFEST_INVALID for malformed JSON, an unsupported or inconsistent
   *     media type, or descriptors without a valid digest
   */
  static ParsedManifest parse(byte[] body, Optional<String> contentType) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(body);
    } catch (IOException e) {
      throw invalid("manifest is not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) throw invalid("manifest is not a JSON object");
    Optional<String> declared = text(root, "mediaType");
    Optional<String> header = contentType.map(t -> t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
        .filter(t -> !t.isEmpty() && !t.equals("application/octet-stream") && !t.equals("application/json"));
    if (declared.isPresent() && header.isPresent() && !declared.get().equals(header.get())) {
      throw invalid("manifest mediaType " + declared.get() + " does not match Content-Type " + header.get());
    }
    String type = declared.or(() -> header).orElseGet(() -> root.has("manifests") ? MediaTypes.OCI_INDEX
        : root.has("config") ? MediaTypes.OCI_MANIFEST : "");
    if (type.equals(MediaTypes.DOCKER_MANIFEST_V1) || type.equals(MediaTypes.DOCKER_MANIFEST_V1_SIGNED)) {
      throw invalid("schema 1 manifests are not supported; push with a schema 2 or OCI manifest");
    }
    if (!SUPPORTED.contains(type)) throw invalid("unsupported manifest media type: " + (type.isEmpty() ? "(none)" : type));
    JsonNode version = root.get("schemaVersion");
    if (version == null || !version.isInt() || version.intValue() != 2) throw invalid("schemaVersion must be 2");

    List<Digest> blobs = new ArrayList<>();
    List<Digest> children = new ArrayList<>();
    Optional<String> artifactType = text(root, "artifactType");
    if (isIndex(type)) {
      JsonNode ms = root.get("manifests");
      if (ms == null || !ms.isArray()) throw invalid("an index needs a manifests array");
      for (JsonNode d : ms) children.add(descriptorDigest(d, "manifests"));
    } else {
      JsonNode config = root.get("config");
      if (config == null || !config.isObject()) throw invalid("a manifest needs a config descriptor");
      blobs.add(descriptorDigest(config, "config"));
      if (artifactType.isEmpty()) artifactType = text(config, "mediaType");
      JsonNode layers = root.get("layers");
      if (layers != null && !layers.isNull()) {
        if (!layers.isArray()) throw invalid("layers must be an array");
        for (JsonNode d : layers) {
          Digest digest = descriptorDigest(d, "layers");
          JsonNode urls = d.get("urls");
          boolean foreign = urls != null && urls.isArray() && !urls.isEmpty();
          if (!foreign) blobs.add(digest);
        }
      } else if (type.equals(MediaTypes.DOCKER_MANIFEST)) {
        throw invalid("a schema 2 manifest needs a layers array");
      }
    }
    Optional<Digest> subject = Optional.empty();
    JsonNode s = root.get("subject");
    if (s != null && !s.isNull()) subject = Optional.of(descriptorDigest(s, "subject"));
    JsonNode annotations = root.get("annotations");
    Optional<String> annotationsJson = annotations != null && annotations.isObject()
        ? Optional.of(annotations.toString()) : Optional.empty();
    return new ParsedManifest(type, List.copyOf(blobs), List.copyOf(children), subject, artifactType, annotationsJson);
  }

  private static Digest descriptorDigest(JsonNode d, String field) {
    if (d == null || !d.isObject()) throw invalid(field + ": descriptor is not an object");
    Optional<String> digest = text(d, "digest");
    if (digest.isEmpty() || !Digest.isDigest(digest.get())) {
      throw invalid(field + ": descriptor has no valid digest: " + digest.orElse("(none)"));
    }
    JsonNode size = d.get("size");
    if (size == null || !size.canConvertToLong() || size.longValue() < 0) throw invalid(field + ": descriptor has no valid size");
    return Digest.parse(digest.get());
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() && !v.textValue().isEmpty() ? Optional.of(v.textValue()) : Optional.empty();
  }

  private static RegistryException invalid(String message) {
    return ErrorCode.MANIFEST_INVALID.error(message, null);
  }
}
