package io.berth.registry;

import io.berth.registry.storage.GarbageCollector;
import io.berth.registry.storage.RegistryIndex;
import io.berth.registry.storage.UploadSessions;
import io.berth.store.LocalContentStore;

/**
 * What the route classes share: the content store (bytes), the index (names), the upload sessions,
 * the settings and the garbage collector.
 */
record Registry(LocalContentStore blobs, RegistryIndex index, UploadSessions uploads, RegistryConfig config,
    GarbageCollector gc) {}
