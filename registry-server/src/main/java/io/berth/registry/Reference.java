package io.berth.registry;

import io.berth.oci.Digest;
import java.util.regex.Pattern;

/** The {@code <reference>} of a manifest URL: a tag or a digest. */
public sealed interface Reference {
  Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  record Tag(String name) implements Reference {
    @Override public String toString() { return name; }
  }

  record ByDigest(Digest digest) implements Reference {
    @Override public String toString() { return digest.toString(); }
  }

  /**
   * Parses a tag or a digest ({@code sha256:…}); empty for anything else, including a digest of
   * an algorithm we do not support.
   */
  static java.util.Optional<Reference> parse(String s) {
    if (TAG.matcher(s).matches()) return java.util.Optional.of(new Tag(s));
    if (s.indexOf(':') > 0 && Digest.isDigest(s)) return java.util.Optional.of(new ByDigest(Digest.parse(s)));
    return java.util.Optional.empty();
  }
}
