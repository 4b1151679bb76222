package io.berth.http.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text as openssl writes it: {@code CERTIFICATE} blocks, and private keys as PKCS#8
 * {@code PRIVATE KEY} (openssl genpkey), SEC1 {@code EC PRIVATE KEY} (openssl ecparam -genkey) or
 * PKCS#1 {@code RSA PRIVATE KEY} (openssl genrsa before 3.0). Encrypted keys are refused. Stateless
 * and thread-safe; malformed input is an {@link IllegalArgumentException} saying what was expected.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    private static final byte[] EC_PUBLIC_KEY_OID = HexFormat.of().parseHex("06072a8648ce3d0201");
    private static final byte[] RSA_ENCRYPTION_OID = HexFormat.of().parseHex("06092a864886f70d010101");
    private static final byte[] ED25519_OID = HexFormat.of().parseHex("06032b6570");
    /** The named curves the JDK's TLS supports, by their DER-encoded OID. */
    private static final Map<String, String> CURVES = Map.of(
            "06082a8648ce3d030107", "secp256r1",
            "06052b81040022", "secp384r1",
            "06052b81040023", "secp521r1");

    private Pem() {
    }

    /**
     * One private key block: its PEM type and DER bytes.
     *
     * @param type {@code PRIVATE KEY}, {@code EC PRIVATE KEY} or {@code RSA PRIVATE KEY}
     */
    public record PrivateKeyBlock(String type, byte[] der) {
        /** An elliptic-curve key (SEC1, or PKCS#8 with the id-ecPublicKey algorithm). */
        public boolean isEc() {
            return type.equals("EC PRIVATE KEY") || indexOf(der, EC_PUBLIC_KEY_OID) >= 0;
        }

        /** The named curve of an EC key ({@code secp256r1}, …), when it is one the JDK knows. */
        public Optional<String> curve() {
            if (!isEc()) {
                return Optional.empty();
            }
            for (var e : CURVES.entrySet()) {
                if (indexOf(der, HexFormat.of().parseHex(e.getKey())) >= 0) {
                    return Optional.of(e.getValue());
                }
            }
            return Optional.empty();
        }

        /** The key; SEC1 and PKCS#1 keys are wrapped into PKCS#8 first (the only form the JDK reads). */
        public PrivateKey decode() throws GeneralSecurityException {
            return switch (type) {
                case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA").generatePrivate(
                        new PKCS8EncodedKeySpec(pkcs8(Pem.der(0x30, concat(RSA_ENCRYPTION_OID, new byte[] {0x05, 0x00})), der)));
                case "EC PRIVATE KEY" -> {
                    String oid = curveOid().orElseThrow(() -> new GeneralSecurityException("unsupported elliptic curve"));
                    byte[] algorithm = Pem.der(0x30, concat(EC_PUBLIC_KEY_OID, HexFormat.of().parseHex(oid)));
                    yield KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(algorithm, der)));
                }
                default -> {
                    String alg = isEc() ? "EC" : indexOf(der, ED25519_OID) >= 0 && indexOf(der, RSA_ENCRYPTION_OID) < 0
                            ? "Ed25519" : "RSA";
                    if (alg.equals("EC") && curve().isEmpty()) {
                        throw new GeneralSecurityException("unsupported elliptic curve");
                    }
                    yield KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                }
            };
        }

        private Optional<String> curveOid() {
            return CURVES.keySet().stream().filter(k -> indexOf(der, HexFormat.of().parseHex(k)) >= 0).findFirst();
        }
    }

    /** The first private key block of {@code pem}, if any. */
    public static Optional<PrivateKeyBlock> privateKeyBlock(String pem) {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            switch (m.group(1)) {
                case "PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY" -> {
                    return Optional.of(new PrivateKeyBlock(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException("encrypted private keys are not supported");
                default -> {
                    // certificates and parameters may share the file
                }
            }
        }
        return Optional.empty();
    }

    /** The first private key of {@code pem} (RSA, EC on P-256/P-384/P-521, or Ed25519). */
    public static PrivateKey privateKey(String pem) {
        PrivateKeyBlock block = privateKeyBlock(pem).orElseThrow(() -> new IllegalArgumentException(
                "no PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block"));
        try {
            return block.decode();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + block.type() + ": " + e.getMessage(), e);
        }
    }

    /** Every {@code CERTIFICATE} block of {@code pem}, in file order (a server's chain: leaf first). */
    public static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> certs = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                if (m.group(1).equals("CERTIFICATE") || m.group(1).equals("TRUSTED CERTIFICATE")) {
                    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                    certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
                }
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid certificate: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("no CERTIFICATE block");
        }
        return certs;
    }

    /** {@code key} as a PKCS#8 {@code PRIVATE KEY} block. */
    public static String encode(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    /** {@code cert} as a {@code CERTIFICATE} block. */
    public static String encode(X509Certificate cert) {
        try {
            return block("CERTIFICATE", cert.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String block(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** PKCS#8 PrivateKeyInfo around a SEC1 or PKCS#1 key: SEQUENCE { 0, algorithm, OCTET STRING key }. */
    private static byte[] pkcs8(byte[] algorithm, byte[] key) {
        return der(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algorithm, der(0x04, key)));
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            byte[] len = BigInteger.valueOf(n).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - skip));
            out.write(len, skip, len.length - skip);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
