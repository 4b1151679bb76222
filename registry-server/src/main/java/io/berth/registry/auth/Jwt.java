package io.berth.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Compact JWS (RFC 7515) over JSON claims: {@code base64url(header).base64url(claims).base64url(signature)}. */
final class Jwt {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Jwt() {}

  /** The JOSE header, in the spec example's member order. */
  record Header(String typ, String alg, String kid) {}

  /** A decoded token whose signature is still to be checked against {@link #signingInput()}. */
  record Parsed(JsonNode header, JsonNode claims, byte[] signingInput, byte[] signature) {}

  static String sign(SigningKey key, Object claims) {
    Header header = new Header("JWT", key.algorithm(), key.keyId());
    String input = ENCODER.encodeToString(Json.bytes(header)) + "." + ENCODER.encodeToString(Json.bytes(claims));
    byte[] signature = key.sign(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + ENCODER.encodeToString(signature);
  }

  /** The three parts decoded; empty when the text is not a compact JWS with JSON objects. */
  static Optional<Parsed> parse(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) return Optional.empty();
    try {
      JsonNode header = Json.mapper().readTree(DECODER.decode(parts[0]));
      JsonNode claims = Json.mapper().readTree(DECODER.decode(parts[1]));
      byte[] signature = DECODER.decode(parts[2]);
      if (header == null || claims == null || !header.isObject() || !claims.isObject()) return Optional.empty();
      byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
      return Optional.of(new Parsed(header, claims, input, signature));
    } catch (IllegalArgumentException | IOException e) {
      return Optional.empty();
    }
  }
}
