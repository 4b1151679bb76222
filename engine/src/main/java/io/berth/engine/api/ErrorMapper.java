package io.berth.engine.api;

import io.berth.oci.errors.BerthException;

/** The one place where Berth's error taxonomy becomes HTTP statuses (as moby's httpstatus does). */
public final class ErrorMapper {
  private ErrorMapper() {}

  public static int status(Throwable t) {
    if (t instanceof BerthException e) {
      return switch (e) {
        case BerthException.NotFound x -> 404;
        case BerthException.Conflict x -> 409;
        case BerthException.InvalidArgument x -> 400;
        case BerthException.Unauthorized x -> 401;
        case BerthException.Forbidden x -> 403;
        case BerthException.Unavailable x -> 503;
        case BerthException.NotModified x -> 304;
        case BerthException.Internal x -> 500;
        case BerthException.NotImplemented x -> 501;
      };
    }
    return 500;
  }

  /** The message for the {@code {"message": ...}} body. */
  public static String message(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
