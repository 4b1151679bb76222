/**
 * Engine API wire models, named after the swagger definitions
 * (/work/shared/specs/docker-engine-api/swagger.yaml). Components are lowerCamel in Java and
 * UpperCamel on the wire ({@code Id}, {@code RepoTags}). The client reads them with explicit
 * {@code fromJson(JsonFields)} factories and writes requests with {@code toJson()} trees
 * ({@link io.berth.client.json}), so the CLI never loads Jackson databind; the Jackson annotations
 * ({@code @JsonProperty} on irregular names) are kept so that {@link io.berth.client.ApiJson} binds
 * the same records identically for callers that already use Jackson. Like the Go types
 * they mirror, absent fields read as zero values (empty string, empty list, 0, false) so callers
 * never see null; unknown fields are ignored.
 */
package io.berth.client.model;
