/**
 * Jackson records for image documents, with the exact JSON field names of the OCI image spec and
 * Docker's image manifest v2 schema 2 / image spec v1.2: {@link io.berth.oci.image.Descriptor},
 * {@link io.berth.oci.image.Manifest}, {@link io.berth.oci.image.ImageIndex},
 * {@link io.berth.oci.image.ImageConfig} (with Docker's capitalised
 * {@link io.berth.oci.image.ContainerConfig}), the {@code docker save} manifest entry, the OCI
 * layout marker, media type constants and the layer ChainID computation.
 *
 * <p>These records are the wire format. Documents that are content-addressed (manifests, configs)
 * are stored and hashed as the bytes received; the records are for reading them and for producing
 * new documents. Image configs keep fields they do not model, so read→write loses nothing.
 * Collections are never null (absent reads as empty; empty optional collections are not written).
 */
package io.berth.oci.image;
