package io.berth.engine.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Process syscalls the JDK lacks: becoming a child subreaper and reaping one given child.
 *
 * <p>Why: conmon double-forks, so once its first process exits the long-lived conmon is an orphan.
 * Without a subreaper it is re-parented to pid 1, and a pid 1 that does not reap (as on these
 * test machines) keeps every finished conmon as a zombie. berthd marks itself a subreaper and reaps
 * exactly the conmon pids it knows of — never other children, whose exit codes belong to the JDK's
 * own {@code Process} handling.
 */
public final class Processes {
  private static final int PR_SET_CHILD_SUBREAPER = 36;
  private static final int WNOHANG = 1;
  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final MethodHandle PRCTL = LINKER.downcallHandle(LIBC.find("prctl").orElseThrow(),
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
          ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
  private static final MethodHandle WAITPID = LINKER.downcallHandle(LIBC.find("waitpid").orElseThrow(),
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

  private Processes() {}

  /** Orphaned descendants (conmon after its double fork) become this process's children. */
  public static boolean becomeSubreaper() {
    try {
      return (int) PRCTL.invokeExact(PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L) == 0;
    } catch (Throwable t) {
      return false;
    }
  }

  /** Reaps {@code pid} if it is an exited child of ours; true when it was reaped. Never blocks. */
  public static boolean reapIfExited(int pid) {
    if (pid <= 0) return false;
    try {
      return (int) WAITPID.invokeExact(pid, MemorySegment.NULL, WNOHANG) == pid;
    } catch (Throwable t) {
      return false;
    }
  }
}
