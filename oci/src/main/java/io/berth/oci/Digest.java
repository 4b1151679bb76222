package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.berth.oci.errors.BerthException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest as in the OCI descriptor spec: {@code algorithm ":" encoded}. Only sha256 and
 * sha512 are accepted; the encoded part is validated so a digest is always safe to use as a file
 * name. In JSON a digest is its string form ({@code "sha256:<hex>"}).
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
  private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

  public Digest {
    boolean ok = switch (algorithm) {
      case "sha256" -> SHA256.matcher(hex).matches();
      case "sha512" -> SHA512.matcher(hex).matches();
      default -> false;
    };
    if (!ok) throw BerthException.invalid("invalid digest: %s:%s", algorithm, hex);
  }

  /** Parses {@code sha256:<64 hex>}; throws InvalidArgument on anything else. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Digest parse(String s) {
    int i = s.indexOf(':');
    if (i <= 0) throw BerthException.invalid("invalid digest: %s", s);
    return new Digest(s.substring(0, i), s.substring(i + 1));
  }

  /** True when {@code s} is a full, well-formed digest string. */
  public static boolean isDigest(String s) {
    try { parse(s); return true; } catch (BerthException e) { return false; }
  }

  public static Digest sha256(byte[] data) {
    return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(data)));
  }

  public static Digest ofSha256(MessageDigest md) {
    return new Digest("sha256", HexFormat.of().formatHex(md.digest()));
  }

  public static MessageDigest newSha256() {
    try { return MessageDigest.getInstance("SHA-256"); }
    catch (NoSuchAlgorithmException e) { throw new IllegalStateException(e); }
  }

  /** The first 12 hex characters, as docker shows IDs. */
  public String shortHex() { return hex.substring(0, 12); }

  @JsonValue
  @Override public String toString() { return algorithm + ":" + hex; }

  @Override public int compareTo(Digest o) { return toString().compareTo(o.toString()); }
}
