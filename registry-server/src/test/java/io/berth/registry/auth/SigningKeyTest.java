package io.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {

  static String resource(String name) throws Exception {
    try (InputStream in = SigningKeyTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Key ids and tokens computed by python's cryptography package from the same PEM files. */
  static JsonNode python() throws Exception {
    return Json.mapper().readTree(resource("python-tokens.json"));
  }

  @Test
  void generated_key_is_es256_with_a_thumbprint_kid() {
    SigningKey key = SigningKey.generate();
    assertThat(key.algorithm()).isEqualTo("ES256");
    assertThat(key.keyId()).matches("[A-Za-z0-9_-]{43}");
    byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
    byte[] signature = key.sign(data);
    assertThat(signature).hasSize(64); // JWS r||s, not DER
    assertThat(key.verify(data, signature)).isTrue();
    assertThat(key.verify("other".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    assertThat(key.verify(data, new byte[3])).isFalse();
  }

  @Test
  void pem_round_trips_and_load_or_create_keeps_the_key(@TempDir Path dir) throws Exception {
    SigningKey key = SigningKey.generate();
    assertThat(SigningKey.parse(key.toPem()).keyId()).isEqualTo(key.keyId());
    Path file = dir.resolve("keys/token.pem");
    SigningKey created = SigningKey.loadOrCreate(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(SigningKey.loadOrCreate(file).keyId()).isEqualTo(created.keyId());
  }

  @Test
  void loads_openssl_keys_and_derives_the_same_public_key_as_python() throws Exception {
    JsonNode python = python();
    for (String name : List.of("ec-pkcs8", "ec-sec1", "rsa-pkcs8", "rsa-pkcs1")) {
      SigningKey key = SigningKey.parse(resource(name + ".pem"));
      assertThat(key.keyId()).as(name).isEqualTo(python.path(name).path("kid").asText());
      assertThat(key.algorithm()).as(name).isEqualTo(name.startsWith("ec") ? "ES256" : "RS256");
    }
    assertThat(SigningKey.parse(resource("ec-pkcs8.pem")).publicJwk())
        .startsWith("{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + python.path("ec-pkcs8").path("jwk").path("x").asText());
  }

  @Test
  void other_curves_are_refused() {
    for (String name : List.of("ec-p384", "ec-secp256k1")) {
      assertThatThrownBy(() -> SigningKey.parse(resource(name + ".pem"))).as(name)
          .isInstanceOf(BerthException.InvalidArgument.class)
          .hasMessage("token key: only the P-256 curve is supported");
    }
    assertThatThrownBy(() -> SigningKey.parse("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
        .hasMessageStartingWith("token key: no PRIVATE KEY");
  }

  @Test
  void verifies_tokens_python_signed_with_our_keys() throws Exception {
    JsonNode python = python();
    for (String name : List.of("ec-pkcs8", "rsa-pkcs8")) {
      TokenService service = new TokenService(SigningKey.parse(resource(name + ".pem")), "python-issuer", "registry.test",
          TokenService.DEFAULT_TTL, new MutableClock(Instant.parse("2025-06-01T00:00:00Z")));
      TokenService.Verified verified = service.verify(python.path(name).path("token").asText());
      assertThat(verified.subject()).as(name).contains("alice");
      assertThat(verified.access()).containsExactly(Scope.repository("library/busybox", "pull", "push"));
    }
  }

  @Test
  void the_token_spec_example_key_derives_its_published_public_key() throws Exception {
    // docs/spec/auth/jwt.md: the ES256 example key (d, x, y). Its printed example signature does not
    // verify under that key (python's cryptography agrees), so only the key itself is checked here.
    Base64.Decoder b64 = Base64.getUrlDecoder();
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec p256 = parameters.getParameterSpec(ECParameterSpec.class);
    BigInteger d = new BigInteger(1, b64.decode("R7OnbfMaD5J2jl7GeE8ESo7CnHSBm_1N2k9IXYFrKJA"));
    SigningKey key = SigningKey.fromPrivate(KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, p256)));
    ECPublicKey pub = (ECPublicKey) key.publicKey();
    assertThat(pub.getW().getAffineX()).isEqualTo(new BigInteger(1, b64.decode("m7zUpx3b-zmVE5cymSs64POG9QcyEpJaYCD82-549_Q")));
    assertThat(pub.getW().getAffineY()).isEqualTo(new BigInteger(1, b64.decode("dU3biz8sZ_8GPB-odm8Wxz3lNDr1xcAQQPQaOcr1fmc")));
    // The spec's example token, re-signed with its key, verifies as ours; its libtrust kid is not our thumbprint.
    String input = "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiIsImtpZCI6IlBZWU86VEVXVTpWN0pIOjI2SlY6QVFUWjpMSkMzOlNYVko6WEdIQTozNEYyOjJMQVE6WlJNSzpaN1E2In0"
        + ".eyJpc3MiOiJhdXRoLmRvY2tlci5jb20iLCJzdWIiOiJqbGhhd24iLCJhdWQiOiJyZWdpc3RyeS5kb2NrZXIuY29tIiwiZXhwIjoxNDE1Mzg3MzE1LCJuYmYiOjE0MTUzODcwMTUsImlhdCI6MTQxNTM4NzAxNSwianRpIjoidFlKQ08xYzZjbnl5N2tBbjBjN3JLUGdiVjFIMWJGd3MiLCJhY2Nlc3MiOlt7InR5cGUiOiJyZXBvc2l0b3J5IiwibmFtZSI6InNhbWFsYmEvbXktYXBwIiwiYWN0aW9ucyI6WyJwdXNoIl19XX0";
    String token = input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    Jwt.Parsed parsed = Jwt.parse(token).orElseThrow();
    assertThat(key.verify(parsed.signingInput(), parsed.signature())).isTrue();
    assertThat(parsed.claims().path("access").get(0).path("name").asText()).isEqualTo("samalba/my-app");
    TokenService service = new TokenService(key, "auth.docker.com", "registry.docker.com", TokenService.DEFAULT_TTL,
        new MutableClock(Instant.ofEpochSecond(1415387100)));
    assertThatThrownBy(() -> service.verify(token)).hasMessage("invalid token: unknown signing key");
  }
}
