package io.berth.engine.container;

import io.berth.oci.errors.BerthException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Docker's detach keys ({@code --detach-keys}, default {@code ctrl-p,ctrl-q}): a comma-separated
 * list of single characters, {@code ctrl-@}, {@code ctrl-a} … {@code ctrl-z}, {@code ctrl-[},
 * {@code ctrl-\}, {@code ctrl-]}, {@code ctrl-^}, {@code ctrl-_} and {@code DEL} (moby/term
 * {@code ToBytes}). Immutable; {@link Matcher}s are not thread-safe.
 *
 * @param spec  the text as the client sent it ({@code ""}: the default)
 * @param bytes the sequence that detaches
 */
public record DetachKeys(String spec, byte[] bytes) {
  private static final byte[] DEFAULT = {16, 17};
  private static final String CTRL = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

  public DetachKeys {
    bytes = bytes.clone();
  }

  @Override public byte[] bytes() { return bytes.clone(); }

  /** The bytes a client sent as {@code DetachKeys}; empty when it sent none (Docker shows ""). */
  public byte[] configured() { return spec.isEmpty() ? new byte[0] : bytes(); }

  /** Parses Docker's syntax; an empty spec is the default sequence. */
  public static DetachKeys parse(String spec) {
    if (spec == null || spec.isEmpty()) return new DetachKeys("", DEFAULT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String key : spec.split(",", -1)) {
      if (key.length() == 1) {
        out.write(key.charAt(0));
      } else if (key.equals("DEL")) {
        out.write(127);
      } else if (key.startsWith("ctrl-") && key.length() == 6 && CTRL.indexOf(key.charAt(5)) >= 0) {
        out.write(CTRL.indexOf(key.charAt(5)));
      } else {
        // moby answers this with a plain error (HTTP 500), and the text names the whole spec.
        throw BerthException.internal("Invalid escape keys (" + spec + ") provided", null);
      }
    }
    return new DetachKeys(spec, out.toByteArray());
  }

  public Matcher matcher() { return new Matcher(bytes); }

  /**
   * Scans a stdin stream for the sequence. Bytes that might start the sequence are held back until
   * it is clear whether they do; a complete sequence is swallowed and reported.
   */
  public static final class Matcher {
    private final byte[] keys;
    private int pos;

    Matcher(byte[] keys) {
      this.keys = keys;
    }

    /**
     * Filters {@code in[0, len)}: the bytes to pass on to the process and whether the sequence
     * completed (then the bytes after it are dropped: the client has detached).
     */
    public Result filter(byte[] in, int len) {
      ByteArrayOutputStream pass = new ByteArrayOutputStream(len + keys.length);
      for (int i = 0; i < len; i++) {
        byte b = in[i];
        if (b == keys[pos]) {
          pos++;
          if (pos == keys.length) {
            pos = 0;
            return new Result(pass.toByteArray(), true);
          }
          continue;
        }
        if (pos > 0) {
          pass.write(keys, 0, pos); // a false start: the held bytes were ordinary input
          pos = 0;
          if (b == keys[0]) {
            pos = 1;
            if (pos == keys.length) return new Result(pass.toByteArray(), true);
            continue;
          }
        }
        pass.write(b);
      }
      return new Result(pass.toByteArray(), false);
    }

    /** Bytes held back at the end of the input (stdin closed in the middle of a sequence). */
    public byte[] pending() { return Arrays.copyOf(keys, pos); }
  }

  /** What to pass on to the process, and whether the client detached after it. */
  public record Result(byte[] pass, boolean detached) {}
}
