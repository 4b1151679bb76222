package io.berth.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.ImageReference;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A registry's error answer ({@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":...}]}}) as a
 * BerthException, worded as Docker's errcode does ({@code manifest unknown: manifest unknown}: the
 * code in lower case with spaces, then the message), and the wording dockerd puts around it for a
 * pull ({@code distribution/errors.go}).
 */
public final class RegistryErrors {
  private RegistryErrors() {}

  /** The exception for a failed response of status {@code status} with body {@code body}. */
  public static BerthException of(int status, byte[] body, String what) {
    String text = describe(body).orElse(null);
    if (text == null) {
      text = switch (status) {
        case 401 -> "unauthorized: authentication required";
        case 403 -> "denied: requested access to the resource is denied";
        case 404 -> "not found";
        default -> what + ": unexpected status " + status;
      };
    }
    return switch (status) {
      case 400 -> new BerthException.InvalidArgument(text);
      case 401 -> new BerthException.Unauthorized(text);
      case 403 -> new BerthException.Forbidden(text);
      case 404 -> new BerthException.NotFound(text);
      case 405 -> new BerthException.NotImplemented(text);
      default -> new BerthException.Unavailable(text, null);
    };
  }

  /** "code lower: message" of the first error in an errors body. */
  static java.util.Optional<String> describe(byte[] body) {
    if (body == null || body.length == 0) return java.util.Optional.empty();
    try {
      JsonNode n = Json.read(body, JsonNode.class);
      JsonNode errors = n == null ? null : n.get("errors");
      if (errors == null || !errors.isArray() || errors.isEmpty()) return java.util.Optional.empty();
      JsonNode e = errors.get(0);
      String code = e.path("code").asText("UNKNOWN").toLowerCase(Locale.ROOT).replace('_', ' ');
      return java.util.Optional.of(code + ": " + e.path("message").asText(""));
    } catch (RuntimeException notJson) {
      String s = new String(body, StandardCharsets.UTF_8).strip();
      return s.isEmpty() || s.length() > 200 ? java.util.Optional.empty() : java.util.Optional.of(s);
    }
  }

  /**
   * dockerd's words for a failed pull of {@code ref} ({@code TranslatePullError}): a denied access
   * is "pull access denied ... may require 'docker login'", an unknown manifest or repository is
   * "not found"; anything else keeps the registry's words (an authentication failure as a 500).
   */
  public static BerthException forPull(BerthException e, ImageReference ref) {
    String m = e.getMessage();
    String name = ref.familiarRepository();
    if (m.startsWith("denied:") || e instanceof BerthException.Forbidden) {
      return new BerthException.NotFound("pull access denied for " + name
          + ", repository does not exist or may require 'docker login': " + m);
    }
    if (m.startsWith("manifest unknown:")) {
      return new BerthException.NotFound("manifest for " + ref.familiarString() + " not found: " + m);
    }
    if (m.startsWith("name unknown:")) {
      return new BerthException.NotFound("repository " + name + " not found: " + m);
    }
    if (e instanceof BerthException.Unauthorized) {
      // dockerd answers 500 here (errdefs.Unknown): a 401 would make the docker CLI prompt for a login
      return BerthException.internal(m, e);
    }
    return e;
  }
}
