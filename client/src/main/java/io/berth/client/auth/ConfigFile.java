package io.berth.client.auth;

import io.berth.client.json.JsonException;
import io.berth.client.json.JsonFields;
import io.berth.client.json.JsonReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The client's {@code config.json}: the {@code auths} map (server → credentials), {@code credsStore}
 * and {@code credHelpers}; every other key is kept as read and written back unchanged.
 *
 * <p>Reading decodes each {@code auth} (base64 {@code user:password}) into user and password, as
 * docker does; saving encodes them back, sorts {@code auths} by server (Go writes maps sorted) and
 * lays the file out as Go's {@code MarshalIndent} with tabs. The save is atomic (a temporary file in
 * the same directory renamed over the config, through a symlink to its target) and a new file is
 * mode 0600 in a 0700 directory, because it may hold passwords; an existing file keeps its mode.
 * Not thread-safe.
 */
public final class ConfigFile {
  public static final String FILE_NAME = "config.json";

  private final Path file;
  private final Map<String, Object> other;
  private final Map<String, AuthConfig> auths;

  private ConfigFile(Path file, Map<String, Object> other, Map<String, AuthConfig> auths) {
    this.file = file;
    this.other = other;
    this.auths = auths;
  }

  /**
   * The config directory as the docker CLI picks it: {@code --config} when given, else
   * {@code $DOCKER_CONFIG}, else {@code $HOME/.docker}.
   */
  public static Path directory(Optional<String> flag, Map<String, String> env) {
    if (flag.isPresent() && !flag.get().isEmpty()) return Path.of(flag.get());
    String fromEnv = env.getOrDefault("DOCKER_CONFIG", "");
    if (!fromEnv.isEmpty()) return Path.of(fromEnv);
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".docker");
  }

  /** Loads {@code dir/config.json}; a missing file is an empty config (saved on the first change). */
  public static ConfigFile load(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new ConfigFile(file, new LinkedHashMap<>(), new TreeMap<>());
    } catch (IOException e) {
      throw new UncheckedIOException("loading config file: " + e.getMessage(), e);
    }
    return parse(file, data);
  }

  static ConfigFile parse(Path file, byte[] data) {
    var other = new LinkedHashMap<String, Object>();
    var auths = new TreeMap<String, AuthConfig>();
    if (new String(data, StandardCharsets.UTF_8).isBlank()) return new ConfigFile(file, other, auths);
    try {
      Map<String, Object> doc = JsonReader.parseObject(data);
      other.putAll(doc);
      other.remove("auths");
      JsonFields f = JsonFields.of(doc);
      f.object("auths").map().forEach((server, v) -> {
        JsonFields a = JsonFields.of(v);
        String user = a.string("username");
        String pass = a.string("password");
        String encoded = a.string("auth");
        if (!encoded.isEmpty()) {
          String[] up = decodeAuth(file, encoded);
          user = up[0];
          pass = up[1];
        }
        auths.put(server, new AuthConfig(user, pass, "", a.string("email"), server,
            a.string("identitytoken"), a.string("registrytoken")));
      });
    } catch (JsonException e) {
      throw new UncheckedIOException("loading config file: " + file + ": " + e.getMessage(), new IOException(e));
    }
    return new ConfigFile(file, other, auths);
  }

  private static String[] decodeAuth(Path file, String encoded) {
    String text;
    try {
      text = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new UncheckedIOException("loading config file: " + file + ": " + e.getMessage(), new IOException(e));
    }
    int colon = text.indexOf(':');
    if (colon <= 0) throw new UncheckedIOException("loading config file: " + file + ": Invalid auth configuration file", new IOException());
    return new String[] {text.substring(0, colon), text.substring(colon + 1).replace("\0", "")};
  }

  public Path file() { return file; }

  /** The stored entries by server key (a live view; change them through the stores). */
  public Map<String, AuthConfig> auths() { return auths; }

  /** {@code credsStore}: the default helper's suffix, empty for none. */
  public String credsStore() {
    return other.get("credsStore") instanceof String s ? s : "";
  }

  /** {@code credHelpers}: server → helper suffix. */
  public Map<String, String> credHelpers() {
    var m = new LinkedHashMap<String, String>();
    if (other.get("credHelpers") instanceof Map<?, ?> helpers) {
      helpers.forEach((k, v) -> { if (v instanceof String s) m.put(String.valueOf(k), s); });
    }
    return m;
  }

  /** The file's text as it would be saved. */
  public String render() {
    var doc = new LinkedHashMap<String, Object>();
    var entries = new TreeMap<String, Object>();
    auths.forEach((server, a) -> {
      var e = new LinkedHashMap<String, Object>();
      String encoded = a.username().isEmpty() && a.password().isEmpty() ? ""
          : Base64.getEncoder().encodeToString((a.username() + ":" + a.password()).getBytes(StandardCharsets.UTF_8));
      if (!encoded.isEmpty()) e.put("auth", encoded);
      if (!a.email().isEmpty()) e.put("email", a.email());
      if (!a.identityToken().isEmpty()) e.put("identitytoken", a.identityToken());
      if (!a.registryToken().isEmpty()) e.put("registrytoken", a.registryToken());
      entries.put(server, e);
    });
    doc.put("auths", entries);
    doc.putAll(other);
    return GoJson.indentTabs(doc);
  }

  /** Writes the file atomically; see the class comment for modes. */
  public void save() {
    try {
      Path target = file;
      if (Files.isSymbolicLink(target)) target = file.toRealPath();
      Path dir = target.toAbsolutePath().getParent();
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Set<PosixFilePermission> mode = Files.exists(target) ? Files.getPosixFilePermissions(target)
          : PosixFilePermissions.fromString("rw-------");
      Path temp = Files.createTempFile(dir, target.getFileName().toString(), "",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(temp, render());
        Files.setPosixFilePermissions(temp, mode);
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }
}
