/**
 * {@code berth registry serve}: an OCI distribution registry (our Docker Hub) over the store
 * module's content store — the /v2/ routes, upload sessions, the tag and manifest index, auth and
 * online garbage collection.
 */
package io.berth.registry;
