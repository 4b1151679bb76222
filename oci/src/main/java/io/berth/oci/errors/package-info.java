/**
 * Berth's one error taxonomy. Every failure a user can cause or meet is one of the
 * {@link io.berth.oci.errors.BerthException} subtypes; only the API layer maps them to HTTP statuses.
 */
package io.berth.oci.errors;
