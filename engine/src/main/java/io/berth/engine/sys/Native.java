package io.berth.engine.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The plumbing every FFM binding of this package shares: libc lookups, downcall handles that
 * capture {@code errno} right after the call (the JVM may overwrite it before Java code could read
 * it otherwise), and {@link ErrnoException}s naming the failed call.
 */
@SuppressWarnings("restricted") // the audited users of native calls are this package's classes
final class Native {
  static final Linker LINKER = Linker.nativeLinker();
  /** Allocate one of these per call and pass it first to an {@link #call} handle. */
  static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  private Native() {}

  /** libc's {@code name}; a missing symbol is a broken platform, not a user error. */
  static MemorySegment symbol(String name) {
    return LINKER.defaultLookup().find(name).orElseThrow(() -> new IllegalStateException("libc has no " + name));
  }

  /** A handle for libc's {@code name} that captures errno into a {@link #CALL_STATE} segment passed first. */
  static MethodHandle call(String name, FunctionDescriptor fd, Linker.Option... extra) {
    Linker.Option[] options = new Linker.Option[extra.length + 1];
    options[0] = Linker.Option.captureCallState("errno");
    System.arraycopy(extra, 0, options, 1, extra.length);
    return LINKER.downcallHandle(symbol(name), fd, options);
  }

  static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  static ErrnoException error(String what, MemorySegment state) {
    return error(what, errno(state));
  }

  static ErrnoException error(String what, int errno) {
    return new ErrnoException(what + ": " + Linux.strerror(errno), errno);
  }
}
