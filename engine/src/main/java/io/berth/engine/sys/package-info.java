/**
 * The one place for Linux system calls Java lacks (mount, umount2, mknod, xattrs, lchown, chmod with
 * setuid/sticky bits, statfs; descriptor-relative lookups in {@link io.berth.engine.sys.Fds}; pipes,
 * pty masters, descriptor passing over unix sockets and waiting for re-parented children for
 * {@code exec} in {@link io.berth.engine.sys.FdIo}), called through the Java 25 FFM API. Failures are {@link
 * io.berth.engine.sys.ErrnoException}s that carry errno and read like the C library's messages.
 * Nothing in Berth shells out to {@code mount}.
 */
package io.berth.engine.sys;
