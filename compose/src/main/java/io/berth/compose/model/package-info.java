/**
 * The compose project model after loading: every file merged, variables interpolated, profiles
 * applied, {@code extends} and {@code include} resolved, short syntaxes expanded to long ones and
 * relative paths made absolute. Plain records (no YAML, no Engine API types), so the loader and the
 * converger meet only here. Durations are {@link java.time.Duration}s, sizes bytes.
 */
package io.berth.compose.model;
