package io.berth.engine.image;

import io.berth.oci.Digest;
import java.time.Instant;
import java.util.Optional;

/** One row of the {@code images} table: the config digest is the image ID. */
public record ImageRow(Digest id, Optional<Digest> manifestDigest, long size, Instant created) {}
