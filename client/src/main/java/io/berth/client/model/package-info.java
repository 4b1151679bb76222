/**
 * Engine API wire models, named after the swagger definitions
 * (/work/shared/specs/docker-engine-api/swagger.yaml). They are read and written with
 * {@link io.berth.client.ApiJson}: components are lowerCamel in Java and UpperCamel on the wire
 * ({@code Id}, {@code RepoTags}); irregular names carry {@code @JsonProperty}. Like the Go types
 * they mirror, absent fields read as zero values (empty string, empty list, 0, false) so callers
 * never see null; unknown fields are ignored.
 */
package io.berth.client.model;
