package io.berth.engine.api;

import io.berth.engine.runtime.ConmonAttach;
import io.berth.http.client.Upgraded;
import io.berth.oci.DetachKeys;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Joins a hijacked client connection (attach, exec start) to a conmon attach connection: the
 * container's output goes to the client (8-byte frames without a TTY, raw with one), the client's
 * bytes go to the container's stdin. Reusable by any hijacking endpoint backed by conmon.
 *
 * <p>Docker's rules (moby {@code container/stream/attach.go}), which this follows:
 * <ul>
 *   <li>Detach keys are looked for only with a TTY. The sequence is never passed on; the attach
 *       ends ({@link End#DETACHED}), the container keeps running and can be attached again.</li>
 *   <li>End of the client's input (a half-close, as {@code docker run -i} sends at EOF): with
 *       {@link Options#closeStdinAtEof()} (StdinOnce without a TTY) the container's stdin is closed
 *       and output keeps flowing until the container exits; otherwise the attach ends
 *       ({@link End#STDIN_ENDED}) and the container's stdin stays open.</li>
 *   <li>Without stdin the client's side is not read at all; its half-close changes nothing.</li>
 * </ul>
 *
 * <p>Threads: one platform thread copies output and, with stdin, one more copies input, because
 * conmon's socket blocks in native code (a blocked FFM call would pin a virtual thread's carrier).
 * {@link #run} blocks its caller until the end. The caller owns both connections and closes them
 * afterwards; closing the client connection is what ends a copy still blocked on it.
 */
public final class StdioBridge {
  /** Why a bridge ended. */
  public enum End {
    /** The container's output ended (it exited): everything was delivered. */
    OUTPUT_ENDED,
    /** The client typed the detach keys. */
    DETACHED,
    /** The client's input ended and the attach ends with it (TTY, or not StdinOnce). */
    STDIN_ENDED,
    /** The client went away (a write to it or a read from it failed). */
    CLIENT_GONE
  }

  /**
   * What to copy. {@code detachKeys} applies with a TTY only; {@code closeStdinAtEof} closes the
   * container's stdin when the client's input ends instead of ending the attach.
   */
  public record Options(boolean tty, boolean stdin, boolean stdout, boolean stderr, DetachKeys detachKeys,
      boolean closeStdinAtEof) {
    public Options {
      Objects.requireNonNull(detachKeys, "detachKeys");
    }
  }

  private static final int READ_SIZE = 32 * 1024;

  private StdioBridge() {}

  /** Copies until the end; returns why it ended. {@code name} names the threads (a container id). */
  public static End run(String name, Upgraded client, ConmonAttach conmon, Options o) throws IOException {
    CompletableFuture<End> end = new CompletableFuture<>();
    Thread out = Thread.ofPlatform().daemon().name("attach-out-" + name).start(() -> copyOutput(client, conmon, o, end));
    if (o.stdin()) Thread.ofPlatform().daemon().name("attach-in-" + name).start(() -> copyInput(client, conmon, o, end));
    End result;
    try {
      result = end.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = End.CLIENT_GONE;
    } catch (ExecutionException e) {
      throw new IOException("attach failed: " + e.getCause().getMessage(), e.getCause());
    }
    if (result != End.OUTPUT_ENDED) {
      conmon.close(); // wakes the output copy; conmon sees this client's input end
      try {
        out.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return result;
  }

  private static void copyOutput(Upgraded client, ConmonAttach conmon, Options o, CompletableFuture<End> end) {
    StdFrames frames = new StdFrames(client.out(), o.tty());
    try {
      while (true) {
        Optional<ConmonAttach.Output> packet;
        try {
          packet = conmon.read();
        } catch (IOException e) {
          packet = Optional.empty(); // conmon is gone: nothing more will come
        }
        if (packet.isEmpty()) break;
        ConmonAttach.Output p = packet.get();
        if (p.stderr() ? !o.stderr() : !o.stdout()) continue; // still read: conmon blocks on unread clients
        frames.write(p.stderr() ? StdFrames.STDERR : StdFrames.STDOUT, p.data(), 0, p.data().length);
        frames.flush();
      }
      end.complete(End.OUTPUT_ENDED);
    } catch (IOException | RuntimeException e) {
      end.complete(End.CLIENT_GONE);
    }
  }

  private static void copyInput(Upgraded client, ConmonAttach conmon, Options o, CompletableFuture<End> end) {
    DetachKeys.Scanner keys = o.tty() ? o.detachKeys().scanner() : null;
    InputStream in = client.in();
    byte[] buf = new byte[READ_SIZE];
    try {
      while (true) {
        int n;
        try {
          n = in.read(buf);
        } catch (IOException e) {
          end.complete(End.CLIENT_GONE);
          return;
        }
        if (n < 0) break;
        if (n == 0) continue;
        byte[] pass = keys == null ? null : keys.filter(buf, 0, n);
        try {
          if (pass == null) conmon.writeStdin(buf, 0, n);
          else if (pass.length > 0) conmon.writeStdin(pass, 0, pass.length);
        } catch (IOException e) {
          return; // conmon closed: the output copy sees the end
        }
        if (keys != null && keys.detached()) {
          end.complete(End.DETACHED);
          return;
        }
      }
      // The client's input ended.
      try {
        if (keys != null) {
          byte[] rest = keys.flush();
          if (rest.length > 0) conmon.writeStdin(rest, 0, rest.length);
        }
        if (o.closeStdinAtEof()) {
          conmon.closeStdin();
          return;
        }
      } catch (IOException e) {
        return; // conmon closed: the output copy sees the end
      }
      end.complete(End.STDIN_ENDED);
    } catch (RuntimeException e) {
      end.complete(End.CLIENT_GONE);
    }
  }
}
