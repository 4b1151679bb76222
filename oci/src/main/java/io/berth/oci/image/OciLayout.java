package io.berth.oci.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.oci.errors.BerthException;

/**
 * The {@code oci-layout} marker file of an OCI image layout ({@code image-layout.md}):
 * {@code {"imageLayoutVersion": "1.0.0"}}. A directory or tar with this file, an {@code index.json}
 * and {@code blobs/<alg>/<hex>} is an OCI layout.
 */
public record OciLayout(@JsonProperty("imageLayoutVersion") String imageLayoutVersion) {
  public static final String FILE_NAME = "oci-layout";
  public static final String INDEX_FILE = "index.json";
  public static final String BLOBS_DIR = "blobs";
  public static final String VERSION = "1.0.0";

  public OciLayout {
    if (imageLayoutVersion == null || imageLayoutVersion.isEmpty()) {
      throw BerthException.invalid("invalid oci layout: missing imageLayoutVersion");
    }
  }

  /** The marker Berth writes. */
  public static OciLayout current() { return new OciLayout(VERSION); }

  /** Where a blob lives inside a layout: {@code blobs/<algorithm>/<hex>}. */
  public static String blobPath(io.berth.oci.Digest d) { return BLOBS_DIR + "/" + d.algorithm() + "/" + d.hex(); }
}
