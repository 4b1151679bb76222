package io.berth.registry;

/**
 * The distribution spec's error codes (spec "Error Codes"), each with the HTTP status we answer it
 * with and the spec's description as the default message.
 */
public enum ErrorCode {
  BLOB_UNKNOWN(404, "blob unknown to registry"),
  BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
  BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
  DIGEST_INVALID(400, "provided digest did not match uploaded content"),
  MANIFEST_BLOB_UNKNOWN(400, "manifest references a manifest or blob unknown to registry"),
  MANIFEST_INVALID(400, "manifest invalid"),
  MANIFEST_UNKNOWN(404, "manifest unknown to registry"),
  NAME_INVALID(400, "invalid repository name"),
  NAME_UNKNOWN(404, "repository name not known to registry"),
  SIZE_INVALID(400, "provided length did not match content length"),
  UNAUTHORIZED(401, "authentication required"),
  DENIED(403, "requested access to the resource is denied"),
  UNSUPPORTED(405, "the operation is unsupported"),
  TOOMANYREQUESTS(429, "too many requests");

  private final int status;
  private final String message;

  ErrorCode(int status, String message) {
    this.status = status;
    this.message = message;
  }

  public int status() { return status; }

  public String message() { return message; }

  /** An error with this code, its default status and message. */
  public RegistryException error() { return new RegistryException(this, status, message, null); }

  /** An error with this code and status, and {@code detail} (any JSON-encodable value, or null). */
  public RegistryException error(String message, Object detail) {
    return new RegistryException(this, status, message, detail);
  }

  /** As {@link #error(String, Object)} with another HTTP status (413 for an oversized manifest, 416 for a chunk out of order). */
  public RegistryException error(int status, String message, Object detail) {
    return new RegistryException(this, status, message, detail);
  }
}
