package io.berth.cli.format;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Just enough of docker's reference grammar to print names the way the docker CLI does
 * ({@code docker.io/library/busybox:latest} → {@code busybox:latest}) and to complete a bare
 * name with ":latest".
 */
public record Refs(String domain, String path, Optional<String> tag, Optional<String> digest) {
  private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern PATH = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

  /** Parses and normalises (docker's {@code ParseNormalizedNamed}); empty when it is not a reference. */
  public static Optional<Refs> parse(String ref) {
    if (ref.isEmpty() || HEX64.matcher(ref).matches()) return Optional.empty();
    String rest = ref;
    Optional<String> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Optional.of(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    Optional<String> tag = Optional.empty();
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = Optional.of(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag.get()).matches()) return Optional.empty();
    }
    String domain = "docker.io";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase())) {
        domain = first;
        rest = rest.substring(slash + 1);
      }
    }
    if (domain.equals("index.docker.io")) domain = "docker.io";
    if (domain.equals("docker.io") && !rest.contains("/")) rest = "library/" + rest;
    if (!PATH.matcher(rest).matches()) return Optional.empty();
    return Optional.of(new Refs(domain, rest, tag, digest));
  }

  /** The short name docker shows: without docker.io/ and library/. */
  public String familiarName() {
    if (!domain.equals("docker.io")) return domain + "/" + path;
    return path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
  }

  /** The full normalised string, e.g. docker.io/library/busybox:latest. */
  public String fullName() { return domain + "/" + path; }

  /** docker's familiar string: name, ":tag" and "@digest" where present. */
  public String familiarString() {
    return familiarName() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }

  /** Adds ":latest" when there is neither tag nor digest ({@code TagNameOnly}). */
  public Refs withDefaultTag() {
    return tag.isEmpty() && digest.isEmpty() ? new Refs(domain, path, Optional.of("latest"), digest) : this;
  }
}
