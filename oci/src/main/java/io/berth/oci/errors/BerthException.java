package io.berth.oci.errors;

/**
 * The closed set of failures Berth reports. Messages are lower-case and name the object
 * ({@code no such container: 3f2a91}); the API maps each kind to one HTTP status in one place.
 */
public abstract sealed class BerthException extends RuntimeException
    permits BerthException.NotFound, BerthException.Conflict, BerthException.InvalidArgument,
        BerthException.Unauthorized, BerthException.Forbidden, BerthException.Unavailable,
        BerthException.NotModified, BerthException.Internal, BerthException.NotImplemented {

  protected BerthException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The named object does not exist (HTTP 404). */
  public static final class NotFound extends BerthException {
    public NotFound(String message) { super(message, null); }
  }

  /** The request conflicts with the current state: duplicate name, image in use (HTTP 409). */
  public static final class Conflict extends BerthException {
    public Conflict(String message) { super(message, null); }
  }

  /** The caller sent something malformed or invalid (HTTP 400). */
  public static final class InvalidArgument extends BerthException {
    public InvalidArgument(String message) { super(message, null); }
    public InvalidArgument(String message, Throwable cause) { super(message, cause); }
  }

  /** Missing or wrong credentials (HTTP 401). */
  public static final class Unauthorized extends BerthException {
    public Unauthorized(String message) { super(message, null); }
  }

  /** The caller may not do this (HTTP 403). */
  public static final class Forbidden extends BerthException {
    public Forbidden(String message) { super(message, null); }
  }

  /** A dependency (runtime, registry, disk) cannot serve now (HTTP 503). */
  public static final class Unavailable extends BerthException {
    public Unavailable(String message, Throwable cause) { super(message, cause); }
  }

  /** Nothing to do: already started / already stopped (HTTP 304). */
  public static final class NotModified extends BerthException {
    public NotModified(String message) { super(message, null); }
  }

  /** The object cannot do that by its configuration, e.g. read logs with the none driver (HTTP 501). */
  public static final class NotImplemented extends BerthException {
    public NotImplemented(String message) { super(message, null); }
  }

  /** A true internal fault: a bug or an unexpected system error (HTTP 500). */
  public static final class Internal extends BerthException {
    public Internal(String message, Throwable cause) { super(message, cause); }
  }

  public static NotFound notFound(String fmt, Object... args) { return new NotFound(fmt.formatted(args)); }
  public static Conflict conflict(String fmt, Object... args) { return new Conflict(fmt.formatted(args)); }
  public static InvalidArgument invalid(String fmt, Object... args) { return new InvalidArgument(fmt.formatted(args)); }
  public static Internal internal(String message, Throwable cause) { return new Internal(message, cause); }
}
