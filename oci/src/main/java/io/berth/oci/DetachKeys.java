package io.berth.oci;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The key sequence that detaches a client from a container's TTY without stopping it: Docker's
 * {@code --detach-keys} / {@code detachKeys} format, a comma-separated list of keys, each one
 * character ({@code x}), {@code ctrl-<c>} for {@code c} in {@code @ a–z [ \ ] ^ _}, or {@code DEL}.
 * The default is {@code ctrl-p,ctrl-q}. Both sides use it: berthd filters the stdin of a TTY attach
 * with it, and the CLI detects it before sending (as the docker CLI does), so that neither the
 * daemon nor the container ever sees the sequence.
 *
 * <p>Immutable and thread-safe; each {@link Scanner} belongs to one stream.
 */
public final class DetachKeys {
  /** {@code ctrl-p,ctrl-q}. */
  public static final DetachKeys DEFAULT = new DetachKeys(new byte[] {16, 17});

  private static final String CONTROL_CHARS = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

  private final byte[] keys;

  private DetachKeys(byte[] keys) {
    if (keys.length == 0) throw new IllegalArgumentException("empty detach key sequence");
    this.keys = keys.clone();
  }

  /**
   * Parses Docker's format. Keys are case-sensitive ({@code ctrl-P} is not a key), as in moby/term.
   *
   * @throws IllegalArgumentException "Unknown character: 'k'" for a key that is none of the above
   */
  public static DetachKeys parse(String spec) {
    ByteArrayOutputStream codes = new ByteArrayOutputStream();
    for (String key : spec.split(",", -1)) {
      byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
      if (utf8.length == 1) {
        codes.write(utf8[0]);
      } else if (key.equals("DEL")) {
        codes.write(127);
      } else if (key.length() == 6 && key.startsWith("ctrl-") && CONTROL_CHARS.indexOf(key.charAt(5)) >= 0) {
        codes.write(CONTROL_CHARS.indexOf(key.charAt(5)));
      } else {
        throw new IllegalArgumentException("Unknown character: '" + key + "'");
      }
    }
    return new DetachKeys(codes.toByteArray());
  }

  /** The bytes of the sequence. */
  public byte[] bytes() { return keys.clone(); }

  /** A new detector for one input stream. */
  public Scanner scanner() { return new Scanner(keys); }

  @Override public boolean equals(Object o) { return o instanceof DetachKeys d && Arrays.equals(keys, d.keys); }

  @Override public int hashCode() { return Arrays.hashCode(keys); }

  @Override public String toString() { return "DetachKeys[" + HexFormat.of().formatHex(keys) + "]"; }

  /**
   * Finds the sequence in a byte stream however the stream is cut into reads (moby's escape proxy
   * only matches reads of exactly one byte, i.e. typed keys; here a pasted or batched sequence
   * counts too). Bytes that might begin the sequence are held back until the next bytes decide:
   * the whole sequence detaches (it is never passed on, nor is anything after it); a mismatch
   * releases the held bytes. Not thread-safe: one reader.
   */
  public static final class Scanner {
    private final byte[] keys;
    private final byte[] held;
    private int matched;
    private boolean detached;

    private Scanner(byte[] keys) {
      this.keys = keys;
      this.held = new byte[keys.length];
    }

    /**
     * Filters the next {@code len} input bytes: returns what may be passed on now. Once
     * {@link #detached()} is true the rest of the input is dropped and this returns nothing.
     */
    public byte[] filter(byte[] data, int off, int len) {
      if (detached) return new byte[0];
      ByteArrayOutputStream out = new ByteArrayOutputStream(len + matched);
      for (int i = off; i < off + len && !detached; i++) push(data[i], out);
      return out.toByteArray();
    }

    private void push(byte b, ByteArrayOutputStream out) {
      held[matched++] = b;
      // Re-align: drop leading held bytes (passing them on) until what is held is a prefix of the
      // sequence again. A naive restart at the next byte handles overlaps such as "a,a,b" in "aaab".
      int start = 0;
      while (start < matched && !isPrefix(held, start, matched - start)) start++;
      out.write(held, 0, start);
      System.arraycopy(held, start, held, 0, matched - start);
      matched -= start;
      if (matched == keys.length) {
        detached = true;
        matched = 0;
      }
    }

    private boolean isPrefix(byte[] b, int from, int n) {
      for (int i = 0; i < n; i++) if (b[from + i] != keys[i]) return false;
      return true;
    }

    /** Whether the whole sequence has been seen. */
    public boolean detached() { return detached; }

    /** At the end of the input: the held-back start of an unfinished sequence, to pass on after all. */
    public byte[] flush() {
      byte[] rest = Arrays.copyOf(held, matched);
      matched = 0;
      return rest;
    }
  }
}
