package io.berth.registry.auth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * bcrypt (Provos and Mazières' eksblowfish) password hashes as Apache's {@code htpasswd -B} writes
 * them: {@code $2y$05$<22-char salt><31-char hash>}. Written here because the only bcrypt on the
 * offline build machine would be BouncyCastle, whose jar is not in the local repository.
 *
 * <p>The {@code 2a}, {@code 2b} and {@code 2y} prefixes are verified alike: the key is the UTF-8
 * password with its NUL terminator, cut at 72 bytes (OpenBSD's 2b rule; crypt_blowfish's 2y is the
 * same; 2a differs only for passwords over 255 bytes, which no htpasswd writes). The {@code 2x}
 * prefix (crypt_blowfish's sign-extension bug, kept for old hashes) is refused.
 */
public final class BCrypt {
  private static final String ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  /** The text every bcrypt hash enciphers 64 times: "OrpheanBeholderScryDoubt". */
  private static final int[] MAGIC = words("OrpheanBeholderScryDoubt".getBytes(StandardCharsets.US_ASCII));
  private static final int MIN_COST = 4;
  private static final int MAX_COST = 31;

  private BCrypt() {}

  /** A parsed hash: version letters ("2y"), cost (log2 rounds), the 16-byte salt, the 23-byte digest. */
  public record Hash(String version, int cost, byte[] salt, byte[] digest) {
    public static Optional<Hash> parse(String text) {
      // $2y$05$ + 22 salt chars + 31 digest chars = 60 characters.
      if (text.length() != 60 || text.charAt(0) != '$' || text.charAt(3) != '$' || text.charAt(6) != '$') return Optional.empty();
      String version = text.substring(1, 3);
      if (!version.equals("2a") && !version.equals("2b") && !version.equals("2y")) return Optional.empty();
      int cost;
      try { cost = Integer.parseInt(text.substring(4, 6)); } catch (NumberFormatException e) { return Optional.empty(); }
      if (cost < MIN_COST || cost > MAX_COST) return Optional.empty();
      Optional<byte[]> salt = decode(text.substring(7, 29), 16);
      Optional<byte[]> digest = decode(text.substring(29), 23);
      if (salt.isEmpty() || digest.isEmpty()) return Optional.empty();
      return Optional.of(new Hash(version, cost, salt.get(), digest.get()));
    }

    @Override public String toString() {
      return "$" + version + "$" + (cost < 10 ? "0" : "") + cost + "$" + encode(salt) + encode(digest);
    }
  }

  /** Whether {@code password} matches the bcrypt {@code hash}; a malformed hash matches nothing. */
  public static boolean verify(String password, String hash) {
    Optional<Hash> parsed = Hash.parse(hash);
    if (parsed.isEmpty()) return false;
    byte[] computed = digest(password, parsed.get().cost(), parsed.get().salt());
    return MessageDigest.isEqual(computed, parsed.get().digest());
  }

  /** Hashes {@code password} with a fresh random salt ({@code $2y$}, as htpasswd -B writes). */
  public static String hash(String password, int cost) {
    if (cost < MIN_COST || cost > MAX_COST) throw new IllegalArgumentException("bcrypt cost out of range: " + cost);
    byte[] salt = new byte[16];
    new java.security.SecureRandom().nextBytes(salt);
    return new Hash("2y", cost, salt, digest(password, cost, salt)).toString();
  }

  /** The 23-byte bcrypt digest (the last byte of the 24 enciphered is dropped, as every implementation does). */
  static byte[] digest(String password, int cost, byte[] salt) {
    byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
    byte[] key = Arrays.copyOf(utf8, Math.min(utf8.length + 1, 72)); // NUL terminator included
    Blowfish state = new Blowfish();
    state.expand(salt, key);
    long rounds = 1L << cost;
    for (long i = 0; i < rounds; i++) {
      state.expand(null, key);
      state.expand(null, salt);
    }
    int[] text = MAGIC.clone();
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < text.length; j += 2) state.encipher(text, j);
    }
    byte[] out = new byte[24];
    for (int i = 0; i < text.length; i++) {
      out[4 * i] = (byte) (text[i] >>> 24);
      out[4 * i + 1] = (byte) (text[i] >>> 16);
      out[4 * i + 2] = (byte) (text[i] >>> 8);
      out[4 * i + 3] = (byte) text[i];
    }
    return Arrays.copyOf(out, 23);
  }

  // bcrypt's base64 is the standard bit packing with its own alphabet and no padding.
  static String encode(byte[] data) {
    String standard = Base64.getEncoder().withoutPadding().encodeToString(data);
    StringBuilder out = new StringBuilder(standard.length());
    for (char c : standard.toCharArray()) out.append(ALPHABET.charAt(STANDARD.indexOf(c)));
    return out.toString();
  }

  static Optional<byte[]> decode(String text, int length) {
    StringBuilder standard = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      int index = ALPHABET.indexOf(c);
      if (index < 0) return Optional.empty();
      standard.append(STANDARD.charAt(index));
    }
    try {
      byte[] data = Base64.getDecoder().decode(standard.toString());
      return data.length == length ? Optional.of(data) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static int[] words(byte[] bytes) {
    int[] out = new int[bytes.length / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = (bytes[4 * i] & 0xff) << 24 | (bytes[4 * i + 1] & 0xff) << 16 | (bytes[4 * i + 2] & 0xff) << 8 | (bytes[4 * i + 3] & 0xff);
    }
    return out;
  }

  /** Blowfish's key schedule state: the P-array and the four S-boxes. */
  static final class Blowfish {
    final int[] p;
    final int[][] s = new int[4][];

    Blowfish() {
      int[] init = PiDigits.WORDS;
      p = Arrays.copyOfRange(init, 0, 18);
      for (int i = 0; i < 4; i++) s[i] = Arrays.copyOfRange(init, 18 + 256 * i, 18 + 256 * (i + 1));
    }

    private int f(int x) {
      return ((s[0][x >>> 24] + s[1][(x >>> 16) & 0xff]) ^ s[2][(x >>> 8) & 0xff]) + s[3][x & 0xff];
    }

    /** Enciphers the 64-bit block held in {@code block[at]} (left) and {@code block[at + 1]} (right). */
    void encipher(int[] block, int at) {
      int left = block[at] ^ p[0];
      int right = block[at + 1];
      for (int i = 1; i <= 16; i += 2) {
        right ^= f(left) ^ p[i];
        left ^= f(right) ^ p[i + 1];
      }
      block[at] = right ^ p[17];
      block[at + 1] = left;
    }

    /**
     * The eksblowfish ExpandKey step: XOR the key (cyclically) into P, then re-key P and every
     * S-box by enciphering a running block, XORing in the salt (cyclically) first when there is one.
     * With a null salt it is Blowfish's ordinary key schedule.
     */
    void expand(byte[] salt, byte[] key) {
      int[] keyAt = {0};
      for (int i = 0; i < 18; i++) p[i] ^= cyclicWord(key, keyAt);
      int[] block = {0, 0};
      int[] saltAt = {0};
      for (int i = 0; i < 18; i += 2) {
        mixSalt(block, salt, saltAt);
        encipher(block, 0);
        p[i] = block[0];
        p[i + 1] = block[1];
      }
      for (int[] box : s) {
        for (int i = 0; i < 256; i += 2) {
          mixSalt(block, salt, saltAt);
          encipher(block, 0);
          box[i] = block[0];
          box[i + 1] = block[1];
        }
      }
    }

    private static void mixSalt(int[] block, byte[] salt, int[] saltAt) {
      if (salt == null) return;
      block[0] ^= cyclicWord(salt, saltAt);
      block[1] ^= cyclicWord(salt, saltAt);
    }

    private static int cyclicWord(byte[] data, int[] at) {
      int word = 0;
      for (int i = 0; i < 4; i++) {
        word = (word << 8) | (data[at[0]] & 0xff);
        at[0] = (at[0] + 1) % data.length;
      }
      return word;
    }
  }

  /**
   * Blowfish's initial P-array and S-boxes are, by definition, the fractional hexadecimal digits of
   * pi: 18 + 4×256 words. Computing them once (Machin's formula in fixed point, ~30 ms) is shorter
   * and easier to check than a 1,042-word table; the test pins the well-known first and last words.
   */
  static final class PiDigits {
    static final int COUNT = 18 + 4 * 256;
    static final int[] WORDS = compute(COUNT);

    private PiDigits() {}

    static int[] compute(int count) {
      int bits = count * 32;
      int guard = 64; // truncation error of the series is a few thousand ulps: far below 2^64
      int precision = bits + guard;
      BigInteger pi = arctanInverse(5, precision).shiftLeft(4).subtract(arctanInverse(239, precision).shiftLeft(2));
      BigInteger fraction = pi.subtract(BigInteger.valueOf(3).shiftLeft(precision)).shiftRight(guard);
      int[] out = new int[count];
      for (int i = 0; i < count; i++) {
        out[i] = fraction.shiftRight(bits - 32 * (i + 1)).intValue();
      }
      return out;
    }

    /** atan(1/x) scaled by 2^precision: x⁻¹ − x⁻³/3 + x⁻⁵/5 − … */
    private static BigInteger arctanInverse(int x, int precision) {
      BigInteger square = BigInteger.valueOf((long) x * x);
      BigInteger power = BigInteger.ONE.shiftLeft(precision).divide(BigInteger.valueOf(x));
      BigInteger sum = power;
      boolean subtract = true;
      for (long n = 3; power.signum() != 0; n += 2, subtract = !subtract) {
        power = power.divide(square);
        BigInteger term = power.divide(BigInteger.valueOf(n));
        sum = subtract ? sum.subtract(term) : sum.add(term);
      }
      return sum;
    }
  }
}
