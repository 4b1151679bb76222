package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.berth.oci.errors.BerthException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A normalised image reference, {@code domain "/" path [":" tag] ["@" digest]}, parsed with the
 * grammar and normalisation rules of Docker's {@code distribution/reference} package
 * ({@code ParseNormalizedNamed}): {@code busybox} is {@code docker.io/library/busybox},
 * {@code foo/bar} is {@code docker.io/foo/bar}, and a first component that looks like a host
 * (contains {@code .} or {@code :}, is {@code localhost}, or has upper-case letters) is the domain.
 *
 * <p>The compact constructor validates each part against the grammar, but does not normalise; use
 * {@link #parse} or {@link #parseWithDefaultTag} for user input. In JSON a reference is its full
 * string form.
 *
 * @param domain registry host and optional port, e.g. {@code docker.io}, {@code localhost:5000}
 * @param path repository path inside the registry, e.g. {@code library/busybox}
 * @param tag the tag, when the reference names one
 * @param digest the manifest digest, when the reference pins one
 */
public record ImageReference(String domain, String path, Optional<String> tag, Optional<Digest> digest) {

  public static final String DEFAULT_DOMAIN = "docker.io";
  public static final String DEFAULT_TAG = "latest";
  private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
  private static final String OFFICIAL_PREFIX = "library/";
  private static final int NAME_MAX = 255;

  // The grammar of distribution/reference (reference.go, regexp.go), transcribed to Java regexes.
  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
  private static final String REMOTE_NAME = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
  private static final String HOST =
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|" + IPV6 + ")";
  private static final String DOMAIN_AND_PORT = HOST + "(?::[0-9]+)?";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
  private static final String NAME = "(?:" + DOMAIN_AND_PORT + "/)?" + REMOTE_NAME;

  private static final Pattern REFERENCE =
      Pattern.compile("(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");
  private static final Pattern ANCHORED_NAME =
      Pattern.compile("(?:(" + DOMAIN_AND_PORT + ")/)?(" + REMOTE_NAME + ")");
  private static final Pattern DOMAIN_PATTERN = Pattern.compile(DOMAIN_AND_PORT);
  private static final Pattern PATH_PATTERN = Pattern.compile(REMOTE_NAME);
  private static final Pattern TAG_PATTERN = Pattern.compile(TAG);
  private static final Pattern FULL_HEX_ID = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern HEX_ID_PREFIX = Pattern.compile("[a-f0-9]{1,64}");

  public ImageReference {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(digest, "digest");
    if (!DOMAIN_PATTERN.matcher(domain).matches() || !PATH_PATTERN.matcher(path).matches()) {
      throw invalidFormat();
    }
    if (domain.length() + 1 + path.length() > NAME_MAX) {
      throw BerthException.invalid("invalid reference format: repository name must not be more than %d characters", NAME_MAX);
    }
    if (tag.isPresent() && !TAG_PATTERN.matcher(tag.get()).matches()) {
      throw BerthException.invalid("invalid tag format: %s", tag.get());
    }
  }

  /**
   * Parses and normalises a reference as {@code docker pull NAME} does, without adding a tag.
   *
   * @throws BerthException.InvalidArgument when {@code s} is not a valid reference
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ImageReference parse(String s) {
    Objects.requireNonNull(s, "reference");
    if (FULL_HEX_ID.matcher(s).matches()) {
      throw BerthException.invalid(
          "invalid repository name (%s), cannot specify 64-byte hexadecimal strings", s);
    }
    String domain;
    String remainder;
    int slash = s.indexOf('/');
    if (slash < 0 || !looksLikeDomain(s.substring(0, slash))) {
      domain = DEFAULT_DOMAIN;
      remainder = s;
    } else {
      domain = s.substring(0, slash);
      remainder = s.substring(slash + 1);
    }
    if (domain.equals(LEGACY_DEFAULT_DOMAIN)) domain = DEFAULT_DOMAIN;
    if (domain.equals(DEFAULT_DOMAIN) && remainder.indexOf('/') < 0) remainder = OFFICIAL_PREFIX + remainder;

    // Docker checks case on everything before the first ':' of the remainder (tag or digest
    // algorithm), so that it can name the offending repository in the message.
    int colon = remainder.indexOf(':');
    String remoteName = colon < 0 ? remainder : remainder.substring(0, colon);
    if (!remoteName.toLowerCase(java.util.Locale.ROOT).equals(remoteName)) {
      throw BerthException.invalid(
          "invalid reference format: repository name (%s) must be lowercase", remoteName);
    }
    return parseCanonical(domain + "/" + remainder);
  }

  /** {@link #parse} then adds {@code :latest} when the reference has neither a tag nor a digest. */
  public static ImageReference parseWithDefaultTag(String s) {
    ImageReference ref = parse(s);
    return ref.isNameOnly() ? ref.withTag(DEFAULT_TAG) : ref;
  }

  /**
   * True when {@code s} could be an image or layer ID as docker accepts it on the command line: a
   * prefix of 1 to 64 lower-case hex characters (a full ID may also carry {@code sha256:}).
   */
  public static boolean looksLikeHexId(String s) {
    if (s == null) return false;
    String hex = s.startsWith("sha256:") ? s.substring("sha256:".length()) : s;
    return HEX_ID_PREFIX.matcher(hex).matches();
  }

  /** The full repository name, e.g. {@code docker.io/library/busybox}. */
  public String repository() { return domain + "/" + path; }

  /** The repository as docker shows it: {@code busybox}, {@code foo/bar}, {@code localhost:5000/x}. */
  public String familiarRepository() {
    if (!domain.equals(DEFAULT_DOMAIN)) return repository();
    if (path.startsWith(OFFICIAL_PREFIX)) {
      String rest = path.substring(OFFICIAL_PREFIX.length());
      if (rest.indexOf('/') < 0) return rest;
    }
    return path;
  }

  /** True when the reference has neither a tag nor a digest. */
  public boolean isNameOnly() { return tag.isEmpty() && digest.isEmpty(); }

  /** The same repository (and digest, if any) with {@code newTag}; InvalidArgument on a bad tag. */
  public ImageReference withTag(String newTag) {
    return new ImageReference(domain, path, Optional.of(newTag), digest);
  }

  /** The same repository with neither tag nor digest. */
  public ImageReference nameOnly() {
    return new ImageReference(domain, path, Optional.empty(), Optional.empty());
  }

  /** The reference as docker shows it: {@code busybox:latest}, {@code localhost:5000/x:1}. */
  public String familiarString() { return familiarRepository() + suffix(); }

  /** The full form: {@code docker.io/library/busybox:latest}. */
  @JsonValue
  @Override public String toString() { return repository() + suffix(); }

  private String suffix() {
    return tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }

  /** Docker's splitDockerDomain test: a first component is a host if it could not be a user name. */
  private static boolean looksLikeDomain(String first) {
    return first.contains(".") || first.contains(":") || first.equals("localhost")
        || !first.toLowerCase(java.util.Locale.ROOT).equals(first);
  }

  /** distribution/reference Parse on an already-normalised string. */
  private static ImageReference parseCanonical(String s) {
    Matcher m = REFERENCE.matcher(s);
    if (!m.matches()) {
      if (s.isEmpty()) throw BerthException.invalid("invalid reference format: repository name must have at least one component");
      if (REFERENCE.matcher(s.toLowerCase(java.util.Locale.ROOT)).matches()) {
        throw BerthException.invalid("invalid reference format: repository name must be lowercase");
      }
      throw invalidFormat();
    }
    String name = m.group(1);
    if (name.length() > NAME_MAX) {
      throw BerthException.invalid("invalid reference format: repository name must not be more than %d characters", NAME_MAX);
    }
    Matcher nm = ANCHORED_NAME.matcher(name);
    if (!nm.matches() || nm.group(1) == null) throw invalidFormat();
    Optional<Digest> digest = Optional.empty();
    if (m.group(3) != null) {
      try {
        digest = Optional.of(Digest.parse(m.group(3)));
      } catch (BerthException e) {
        throw BerthException.invalid("invalid reference format: invalid digest %s", m.group(3));
      }
    }
    return new ImageReference(nm.group(1), nm.group(2), Optional.ofNullable(m.group(2)), digest);
  }

  private static BerthException invalidFormat() {
    return BerthException.invalid("invalid reference format");
  }
}
