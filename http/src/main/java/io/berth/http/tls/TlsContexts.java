package io.berth.http.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * {@link SSLContext}s from PEM material. Protocols and cipher suites are the JDK's defaults (TLS 1.3
 * and 1.2). Stateless and thread-safe; bad input is an {@link IllegalArgumentException} naming the file.
 */
public final class TlsContexts {
    private static final char[] NO_PASSWORD = new char[0];

    private TlsContexts() {
    }

    /** A certificate chain (leaf first) and the leaf's private key. */
    public record Identity(List<X509Certificate> chain, PrivateKey key) {
        public Identity {
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("empty certificate chain");
            }
        }

        /**
         * Reads {@code certFile} (PEM chain, leaf first) and {@code keyFile} (PEM private key) and checks
         * that the key belongs to the leaf.
         */
        public static Identity load(Path certFile, Path keyFile) {
            List<X509Certificate> chain;
            PrivateKey key;
            try {
                chain = Pem.certificates(read(certFile));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(certFile + ": " + e.getMessage(), e);
            }
            try {
                key = Pem.privateKey(read(keyFile));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(keyFile + ": " + e.getMessage(), e);
            }
            if (!matches(chain.getFirst().getPublicKey(), key)) {
                throw new IllegalArgumentException("private key " + keyFile + " does not match the certificate in " + certFile);
            }
            return new Identity(chain, key);
        }
    }

    /** A server context presenting {@code identity}. */
    public static SSLContext server(Identity identity) {
        return context(keyManagers(identity), null);
    }

    /** A server context from PEM files ({@code --tls-cert}, {@code --tls-key}). */
    public static SSLContext server(Path certFile, Path keyFile) {
        return server(Identity.load(certFile, keyFile));
    }

    /**
     * A client context trusting the JDK's default CAs plus {@code extraCas}, presenting
     * {@code clientIdentity} when the server asks for a certificate.
     */
    public static SSLContext client(List<X509Certificate> extraCas, Optional<Identity> clientIdentity) {
        return context(clientIdentity.map(TlsContexts::keyManagers).orElse(null), trustManagers(extraCas));
    }

    /** The JDK's default trust anchors plus {@code extraCas}. */
    public static TrustManager[] trustManagers(List<X509Certificate> extraCas) {
        try {
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            if (extraCas.isEmpty()) {
                return defaults.getTrustManagers();
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (TrustManager tm : defaults.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    for (X509Certificate c : x.getAcceptedIssuers()) {
                        store.setCertificateEntry("default-" + n++, c);
                    }
                }
            }
            for (X509Certificate c : extraCas) {
                store.setCertificateEntry("extra-" + n++, c);
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            return f.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the trust store: " + e.getMessage(), e);
        }
    }

    /** Key managers presenting {@code identity} (a server certificate, or a client certificate). */
    public static KeyManager[] keyManagers(Identity identity) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("identity", identity.key(), NO_PASSWORD, identity.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            f.init(store, NO_PASSWORD);
            return f.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("unusable certificate or key: " + e.getMessage(), e);
        }
    }

    private static SSLContext context(KeyManager[] keys, TrustManager[] trust) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs and verifies a probe: the only algorithm-independent way to pair a private with a public key. */
    private static boolean matches(PublicKey pub, PrivateKey key) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "berth".getBytes(StandardCharsets.US_ASCII);
            var s = java.security.Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            var v = java.security.Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("not a PEM file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read: " + e, e);
        }
    }

}
