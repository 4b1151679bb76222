/**
 * The registry's storage: blob and manifest bytes in store's {@link io.berth.store.LocalContentStore},
 * the repository index (repositories, blob links, manifests, tags, referrers) in a small SQLite
 * database of its own, and upload sessions as resumable content-store ingests.
 */
package io.berth.registry.storage;
