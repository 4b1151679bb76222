/**
 * Persistence: the content-addressed blob store ({@link io.berth.store.ContentStore}) and the SQLite
 * metadata store ({@link io.berth.store.MetadataStore}) with its schema and migrations, plus atomic
 * file helpers ({@link io.berth.store.AtomicFiles}). Implementations: {@link
 * io.berth.store.LocalContentStore} (a directory) and {@link io.berth.store.SqliteMetadataStore}
 * (one SQLite file, schema in store/README.md). Nothing here knows about containers or HTTP.
 */
package io.berth.store;
