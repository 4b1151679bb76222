package io.berth.registry.storage;

import io.berth.oci.Digest;
import java.time.Instant;

/** A tag of a repository: the manifest it names and when it was last pointed there. */
public record TagEntry(String tag, Digest digest, Instant updated) {}
