package io.berth.registry.storage;

import java.time.Instant;

/**
 * A repository as the web page lists it.
 *
 * @param tags how many tags it has
 * @param lastPush the latest manifest push or tag update
 */
public record RepositorySummary(String name, int tags, Instant lastPush) {}
