package io.berth.registry.storage;

import io.berth.oci.Digest;
import java.util.Optional;

/**
 * A manifest in a repository's index. The bytes live in the content store under {@code digest}.
 *
 * @param mediaType the manifest's type as pushed (Content-Type / its {@code mediaType} field)
 * @param subject the manifest this one refers to (referrers API), when it has a {@code subject}
 * @param artifactType for the referrers API: the manifest's {@code artifactType}, else (image
 *     manifests) its config's media type; empty for an index without one
 * @param annotationsJson the manifest's {@code annotations} object as JSON, when present
 */
public record ManifestRecord(Digest digest, String mediaType, long size, Optional<Digest> subject,
    Optional<String> artifactType, Optional<String> annotationsJson) {}
