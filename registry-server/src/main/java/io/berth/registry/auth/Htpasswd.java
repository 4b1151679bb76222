package io.berth.registry.auth;

import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An Apache htpasswd file of bcrypt entries ({@code htpasswd -B}): {@code user:$2y$05$...} lines;
 * blank lines and {@code #} comments are skipped. Other hash kinds (MD5 {@code $apr1$}, SHA1,
 * crypt) are refused when the file is read, as the reference registry accepts only bcrypt too.
 *
 * <p>Every registry request in basic-auth mode carries the password, and bcrypt is slow by design
 * (cost 10 is ~70 ms), so a password once verified is remembered as a SHA-256 of (hash line, password)
 * for the user; a different password, or a different hash for the user, goes through bcrypt again.
 */
public final class Htpasswd {
  private final Map<String, String> hashes;
  private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

  private Htpasswd(Map<String, String> hashes) {
    this.hashes = Map.copyOf(hashes);
  }

  public static Htpasswd load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw BerthException.invalid("cannot read htpasswd file %s: %s", file, e.getMessage());
    }
  }

  public static Htpasswd parse(String text) {
    Map<String, String> hashes = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      int colon = line.indexOf(':');
      if (colon <= 0) throw BerthException.invalid("htpasswd line %d: expected user:hash", i + 1);
      String user = line.substring(0, colon);
      String hash = line.substring(colon + 1);
      if (BCrypt.Hash.parse(hash).isEmpty()) {
        throw BerthException.invalid("htpasswd line %d: user %s: only bcrypt hashes are supported (htpasswd -B)", i + 1, user);
      }
      hashes.put(user, hash); // a later line for the same user wins, as in Apache
    }
    return new Htpasswd(hashes);
  }

  public Set<String> users() {
    return hashes.keySet();
  }

  /** Whether {@code user} exists and {@code password} is theirs. */
  public boolean verify(String user, String password) {
    String hash = hashes.get(user);
    if (hash == null) {
      // Spend the same time as for a real user, so a timing probe cannot list the users.
      BCrypt.verify(password, DUMMY);
      return false;
    }
    byte[] fingerprint = fingerprint(hash, password);
    byte[] known = verified.get(user);
    if (known != null && MessageDigest.isEqual(known, fingerprint)) return true;
    if (!BCrypt.verify(password, hash)) return false;
    verified.put(user, fingerprint);
    return true;
  }

  /** The user of valid basic credentials, empty when the user is unknown or the password wrong. */
  public Optional<String> authenticate(BasicCredentials credentials) {
    return verify(credentials.user(), credentials.password()) ? Optional.of(credentials.user()) : Optional.empty();
  }

  private static final String DUMMY = BCrypt.hash("berth-no-such-user", 5);

  private static byte[] fingerprint(String hash, String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(hash.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      return sha.digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
