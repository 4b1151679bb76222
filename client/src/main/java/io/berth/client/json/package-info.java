/**
 * A small, strict JSON reader and writer for the Engine API client and the CLI, so that neither
 * loads Jackson databind (whose start-up cost, ~250 ms of class loading and initialisation, is most
 * of a short CLI run's time).
 *
 * <p>The tree is plain, immutable Java: a JSON object is an unmodifiable {@code Map<String, Object>}
 * keeping the document's key order, an array an unmodifiable {@code List<Object>}, a string a
 * {@code String}, an integer that fits a {@code Long} a {@code Long} (any other number a
 * {@code BigDecimal}), {@code true}/{@code false} a {@code Boolean}, and {@code null} is Java
 * {@code null}. {@link io.berth.client.json.JsonReader} parses RFC 8259 text into that tree,
 * {@link io.berth.client.json.JsonWriter} writes such a tree (compact, or indented as Go's
 * {@code json.MarshalIndent}), and {@link io.berth.client.json.JsonFields} reads typed fields out
 * of an object for the models' factory methods.
 */
package io.berth.client.json;
