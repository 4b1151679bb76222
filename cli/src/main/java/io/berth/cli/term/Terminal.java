package io.berth.cli.term;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The controlling terminal as the docker CLI uses it: {@link #isTerminal}, raw mode on standard
 * input for a container's TTY ({@link #makeRaw}: no echo, no line editing, no signals from Ctrl-C or
 * Ctrl-Z, no output processing, so every key goes to the container's terminal, which does all of
 * that itself), and the window size ({@link #size}).
 *
 * <p>Calls the C library through FFM (tcgetattr, cfmakeraw, tcsetattr, ioctl TIOCGWINSZ): no child
 * process per call, which matters on every SIGWINCH. The jar's manifest grants native access
 * ({@code Enable-Native-Access}). Where a call is unavailable, the methods report "not a terminal".
 * Thread-safe.
 */
@SuppressWarnings("restricted") // this class is the CLI's one user of native calls
public final class Terminal {
  private static final int TCSANOW = 0;
  /** asm-generic (x86_64, aarch64). */
  private static final long TIOCGWINSZ = 0x5413L;
  /** glibc's struct termios is 60 bytes; room to spare. */
  private static final long TERMIOS_SIZE = 128;

  private static final Handles H = Handles.load();

  private Terminal() {}

  /** The rows and columns of a terminal. */
  public record Size(int rows, int cols) {}

  /** A terminal mode saved by {@link #makeRaw}; {@link #restore} puts it back (idempotent). */
  public static final class Saved {
    private final int fd;
    private final byte[] termios;
    private volatile boolean restored;

    private Saved(int fd, byte[] termios) {
      this.fd = fd;
      this.termios = termios;
    }

    /** Puts the saved mode back. Safe to call from any thread, more than once. */
    public synchronized void restore() {
      if (restored) return;
      restored = true;
      try (Arena a = Arena.ofConfined()) {
        MemorySegment t = a.allocate(TERMIOS_SIZE, 8);
        MemorySegment.copy(termios, 0, t, ValueLayout.JAVA_BYTE, 0, termios.length);
        int ignored = (int) H.tcsetattr().invokeExact(fd, TCSANOW, t);
      } catch (Throwable ignored) {
        // the terminal is gone: nothing to restore
      }
    }
  }

  /** Whether {@code fd} (0, 1, 2) is a terminal. */
  public static boolean isTerminal(int fd) {
    if (H == null) return false;
    try {
      return (int) H.isatty().invokeExact(fd) == 1;
    } catch (Throwable t) {
      return false;
    }
  }

  /**
   * Puts the terminal on {@code fd} into raw mode (cfmakeraw); empty when it is not a terminal.
   * The caller must {@link Saved#restore} it on every way out; a JVM shutdown hook restores it as
   * well, for exits through a signal.
   */
  public static Optional<Saved> makeRaw(int fd) {
    if (H == null || !isTerminal(fd)) return Optional.empty();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment t = a.allocate(TERMIOS_SIZE, 8);
      if ((int) H.tcgetattr().invokeExact(fd, t) != 0) return Optional.empty();
      Saved saved = new Saved(fd, t.toArray(ValueLayout.JAVA_BYTE));
      H.cfmakeraw().invokeExact(t);
      if ((int) H.tcsetattr().invokeExact(fd, TCSANOW, t) != 0) return Optional.empty();
      Runtime.getRuntime().addShutdownHook(new Thread(saved::restore, "berth-restore-terminal"));
      return Optional.of(saved);
    } catch (Throwable e) {
      return Optional.empty();
    }
  }

  /** The window size of the terminal on {@code fd}; empty when it is none or has no size. */
  public static Optional<Size> size(int fd) {
    if (H == null) return Optional.empty();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment ws = a.allocate(8, 2); // struct winsize: rows, cols, xpixel, ypixel (unsigned short)
      if ((int) H.ioctl().invokeExact(fd, TIOCGWINSZ, ws) != 0) return Optional.empty();
      int rows = Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 0));
      int cols = Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 2));
      return rows == 0 && cols == 0 ? Optional.empty() : Optional.of(new Size(rows, cols));
    } catch (Throwable e) {
      return Optional.empty();
    }
  }

  private record Handles(MethodHandle isatty, MethodHandle tcgetattr, MethodHandle tcsetattr, MethodHandle cfmakeraw,
      MethodHandle ioctl) {
    static Handles load() {
      try {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        var i = ValueLayout.JAVA_INT;
        var p = ValueLayout.ADDRESS;
        return new Handles(
            linker.downcallHandle(libc.find("isatty").orElseThrow(), FunctionDescriptor.of(i, i)),
            linker.downcallHandle(libc.find("tcgetattr").orElseThrow(), FunctionDescriptor.of(i, i, p)),
            linker.downcallHandle(libc.find("tcsetattr").orElseThrow(), FunctionDescriptor.of(i, i, i, p)),
            linker.downcallHandle(libc.find("cfmakeraw").orElseThrow(), FunctionDescriptor.ofVoid(p)),
            linker.downcallHandle(libc.find("ioctl").orElseThrow(), FunctionDescriptor.of(i, i, ValueLayout.JAVA_LONG, p),
                Linker.Option.firstVariadicArg(2)));
      } catch (RuntimeException | Error e) {
        return null; // no C library (or no native access): behave as without a terminal
      }
    }
  }
}
