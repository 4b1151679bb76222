/**
 * The compose loader: files are discovered, parsed (snakeyaml-engine nodes, so errors keep their
 * line:column), interpolated, validated against compose-spec.json, merged, {@code extends} and
 * {@code include} resolved, profiles applied and the result normalised into {@link io.berth.compose.model}.
 * Entry point: {@link io.berth.compose.load.ProjectLoader#load}.
 */
package io.berth.compose.load;
