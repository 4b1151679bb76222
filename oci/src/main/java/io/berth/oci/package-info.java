/**
 * Value types shared by every Berth module: OCI image and runtime records, content digests, image
 * references normalised as Docker does, and the one JSON mapper ({@link io.berth.oci.Json}).
 *
 * <p>This module depends on nothing of Berth's; everything else depends on it.
 */
package io.berth.oci;
