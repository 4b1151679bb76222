package io.berth.engine.api;

import io.berth.oci.errors.BerthException;

/**
 * An Engine API version {@code major.minor}. berthd serves every version from {@link #MIN} to
 * {@link #CURRENT}: the docker CLI negotiates min(its max, our {@code API-Version} header),
 * docker-compose 1.29 reads {@code ApiVersion} from /version, Testcontainers probes /v1.44 then falls
 * back to /v1.32 (see shared/specs/client-traces.md).
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
  public static final ApiVersion CURRENT = new ApiVersion(1, 47);
  public static final ApiVersion MIN = new ApiVersion(1, 24);

  public static ApiVersion parse(String s) {
    int dot = s.indexOf('.');
    try {
      if (dot > 0) return new ApiVersion(Integer.parseInt(s.substring(0, dot)), Integer.parseInt(s.substring(dot + 1)));
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw BerthException.invalid("invalid API version: %s", s);
  }

  /** Docker's answers to a version outside [MIN, CURRENT] (HTTP 400). */
  public ApiVersion checkSupported() {
    if (compareTo(CURRENT) > 0) {
      throw new BerthException.InvalidArgument(
          "client version " + this + " is too new. Maximum supported API version is " + CURRENT);
    }
    if (compareTo(MIN) < 0) {
      throw new BerthException.InvalidArgument("client version " + this
          + " is too old. Minimum supported API version is " + MIN
          + ", please upgrade your client to a newer version");
    }
    return this;
  }

  public boolean atLeast(int maj, int min) { return compareTo(new ApiVersion(maj, min)) >= 0; }

  @Override public int compareTo(ApiVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override public String toString() { return major + "." + minor; }
}
