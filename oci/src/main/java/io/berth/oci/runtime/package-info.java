/**
 * The OCI runtime specification's {@code config.json} as immutable records
 * (<a href="https://github.com/opencontainers/runtime-spec/blob/main/config.md">config.md</a>,
 * <a href="https://github.com/opencontainers/runtime-spec/blob/main/config-linux.md">config-linux.md</a>).
 *
 * <p>JSON property names are exactly the specification's. Optional properties are {@link
 * java.util.Optional} components, collections are never null; absent optionals and empty collections
 * are not written, so a serialized {@link io.berth.oci.runtime.Spec} only carries what was set. Only the
 * Linux parts Berth uses are modelled; unknown properties are ignored when reading.
 *
 * <p>Serialize with {@link io.berth.oci.Json}. The records handle {@code Optional} themselves (see
 * {@code JsonOptional}), so they do not depend on the mapper having the jdk8 module registered.
 */
package io.berth.oci.runtime;
