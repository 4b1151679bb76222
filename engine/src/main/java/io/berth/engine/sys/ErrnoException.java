package io.berth.engine.sys;

import java.io.IOException;

/**
 * A failed system call: keeps the {@code errno} so callers can tell expected failures (EINVAL from
 * {@code umount2} on a path that is not a mount point, ENODATA from {@code lgetxattr}) from real ones.
 * The message reads like the C library's: {@code "mount overlay on /x: No such file or directory"}.
 */
public final class ErrnoException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int errno;

  public ErrnoException(String message, int errno) {
    super(message);
    this.errno = errno;
  }

  /** The {@code errno} value the call set (see the {@code E*} constants in {@link Linux}). */
  public int errno() {
    return errno;
  }
}
