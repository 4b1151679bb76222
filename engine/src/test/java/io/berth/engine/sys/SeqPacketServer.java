package io.berth.engine.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A listening SOCK_SEQPACKET socket for tests (what conmon's attach socket is), through FFM. */
@SuppressWarnings("restricted")
public final class SeqPacketServer implements AutoCloseable {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  private static final MethodHandle SOCKET = h("socket", FunctionDescriptor.of(INT, INT, INT, INT));
  private static final MethodHandle BIND = h("bind", FunctionDescriptor.of(INT, INT, ValueLayout.ADDRESS, INT));
  private static final MethodHandle LISTEN = h("listen", FunctionDescriptor.of(INT, INT, INT));
  private static final MethodHandle ACCEPT = h("accept", FunctionDescriptor.of(INT, INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
  private static final MethodHandle CLOSE = h("close", FunctionDescriptor.of(INT, INT));

  private final int fd;

  /** Binds {@code path} (at most 107 bytes) and listens. */
  public SeqPacketServer(Path path) throws Throwable {
    fd = (int) SOCKET.invokeExact(1, 5 | 0x80000, 0);
    if (fd < 0) throw new IOException("socket failed");
    try (Arena a = Arena.ofConfined()) {
      MemorySegment addr = a.allocate(110, 2);
      addr.set(ValueLayout.JAVA_SHORT, 0, (short) 1);
      byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
      MemorySegment.copy(p, 0, addr, ValueLayout.JAVA_BYTE, 2, p.length);
      if ((int) BIND.invokeExact(fd, addr, 110) != 0) throw new IOException("bind " + path + " failed");
    }
    if ((int) LISTEN.invokeExact(fd, 4) != 0) throw new IOException("listen failed");
  }

  /** Accepts one connection (blocks). */
  public SeqPacketSocket accept() throws Throwable {
    int c = (int) ACCEPT.invokeExact(fd, MemorySegment.NULL, MemorySegment.NULL);
    if (c < 0) throw new IOException("accept failed");
    return SeqPacketSocket.wrap(c, "accepted");
  }

  @Override public void close() throws Exception {
    try {
      int ignored = (int) CLOSE.invokeExact(fd);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static MethodHandle h(String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd);
  }
}
