package io.berth.registry.auth;

import io.berth.http.tls.Pem;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * The token server's key: ECDSA P-256 (JWS {@code ES256}, what Docker's token servers use) or RSA
 * (≥ 2048 bits, {@code RS256}). Generated at start or read from a PEM file: PKCS#8
 * {@code PRIVATE KEY} (openssl genpkey), SEC1 {@code EC PRIVATE KEY} (openssl ecparam -genkey) or
 * PKCS#1 {@code RSA PRIVATE KEY}. The public half is derived from the private key, so one file is
 * enough. The key id ({@code kid}) is the RFC 7638 JWK thumbprint, as distribution v3 computes for
 * its trusted keys.
 */
public final class SigningKey {

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String algorithm;
  private final String keyId;

  private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.algorithm = publicKey instanceof ECPublicKey ? "ES256" : "RS256";
    this.keyId = thumbprint();
  }

  /** A fresh P-256 key (tokens it signed die with the process, which is fine for short-lived tokens). */
  public static SigningKey generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      var pair = generator.generateKeyPair();
      return new SigningKey(pair.getPrivate(), pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw BerthException.internal("cannot generate a token signing key", e);
    }
  }

  /** The key in {@code file}; a new one is generated and written there (mode 0600) when it does not exist. */
  public static SigningKey loadOrCreate(Path file) {
    if (Files.exists(file)) return load(file);
    SigningKey key = generate();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, key.toPem(), StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw BerthException.invalid("cannot write token key %s: %s", file, e.getMessage());
    }
    return key;
  }

  public static SigningKey load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw BerthException.invalid("cannot read token key %s: %s", file, e.getMessage());
    }
  }

  /** The first private key block of a PEM text (parsed by the http module's {@link Pem}, as TLS keys are). */
  public static SigningKey parse(String pem) {
    Pem.PrivateKeyBlock block;
    try {
      block = Pem.privateKeyBlock(pem).orElseThrow(() -> BerthException.invalid(
          "token key: no PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block"));
    } catch (IllegalArgumentException e) {
      throw BerthException.invalid("token key: %s", e.getMessage());
    }
    // secp256k1 has a 256-bit field too: only the named curve's OID tells P-256 apart.
    if (block.isEc() && !block.curve().equals(Optional.of("secp256r1"))) {
      throw BerthException.invalid("token key: only the P-256 curve is supported");
    }
    try {
      return fromPrivate(block.decode());
    } catch (GeneralSecurityException e) {
      throw BerthException.invalid("token key: %s", e.getMessage());
    }
  }

  /** The key pair of a P-256 or RSA private key, its public half derived. */
  static SigningKey fromPrivate(PrivateKey key) throws GeneralSecurityException {
    if (key instanceof ECPrivateKey ec) {
      ECPoint q = EcMath.multiply(ec.getParams(), ec.getS());
      return new SigningKey(ec, KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(q, ec.getParams())));
    }
    if (!(key instanceof RSAPrivateCrtKey rsa)) throw BerthException.invalid("token key: unsupported key type");
    if (rsa.getModulus().bitLength() < 2048) throw BerthException.invalid("token key: RSA keys need at least 2048 bits");
    return new SigningKey(rsa, KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())));
  }

  /** The private key as a PKCS#8 PEM block (what {@link #loadOrCreate} writes). */
  public String toPem() {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(privateKey.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }

  /** JWS {@code alg}: ES256 or RS256. */
  public String algorithm() { return algorithm; }

  /** JWS {@code kid}: the RFC 7638 thumbprint of the public key. */
  public String keyId() { return keyId; }

  public PublicKey publicKey() { return publicKey; }

  /** The public key as a JWK (members for the thumbprint plus kid, alg and use), for a jwks file. */
  public String publicJwk() {
    String members = jwkMembers();
    return "{" + members + ",\"kid\":\"" + keyId + "\",\"alg\":\"" + algorithm + "\",\"use\":\"sig\"}";
  }

  byte[] sign(byte[] input) {
    try {
      Signature signature = Signature.getInstance(javaAlgorithm());
      signature.initSign(privateKey);
      signature.update(input);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw BerthException.internal("cannot sign token", e);
    }
  }

  boolean verify(byte[] input, byte[] sig) {
    try {
      Signature signature = Signature.getInstance(javaAlgorithm());
      signature.initVerify(publicKey);
      signature.update(input);
      return signature.verify(sig);
    } catch (GeneralSecurityException e) {
      return false; // a signature of the wrong length or encoding is simply not ours
    }
  }

  // JWS ES256 signatures are the raw 64-byte r||s, which is the JDK's P1363 format (not DER).
  private String javaAlgorithm() {
    return algorithm.equals("ES256") ? "SHA256withECDSAinP1363Format" : "SHA256withRSA";
  }

  /** The required JWK members in lexicographic order, as RFC 7638 hashes them. */
  private String jwkMembers() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    if (publicKey instanceof ECPublicKey ec) {
      return "\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + b64.encodeToString(unsigned(ec.getW().getAffineX(), 32))
          + "\",\"y\":\"" + b64.encodeToString(unsigned(ec.getW().getAffineY(), 32)) + "\"";
    }
    RSAPublicKey rsa = (RSAPublicKey) publicKey;
    return "\"e\":\"" + b64.encodeToString(unsigned(rsa.getPublicExponent(), 0)) + "\",\"kty\":\"RSA\",\"n\":\""
        + b64.encodeToString(unsigned(rsa.getModulus(), 0)) + "\"";
  }

  private String thumbprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(("{" + jwkMembers() + "}").getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Big-endian unsigned bytes, left-padded to {@code length} (0: minimal length). */
  private static byte[] unsigned(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    int start = raw.length > 1 && raw[0] == 0 ? 1 : 0;
    int n = raw.length - start;
    byte[] out = new byte[Math.max(length, n)];
    System.arraycopy(raw, start, out, out.length - n, n);
    return out;
  }
}
