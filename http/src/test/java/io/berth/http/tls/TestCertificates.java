package io.berth.http.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for tests, made with the JDK's own {@code keytool} (no openssl needed):
 * a key pair in a PKCS#12 store, written out as PEM files.
 */
public final class TestCertificates {
    private TestCertificates() {
    }

    /** A PEM certificate file and key file for {@code san} (e.g. {@code ip:127.0.0.1,dns:localhost}). */
    public record CertFiles(Path cert, Path key, X509Certificate certificate) {
    }

    public static CertFiles selfSigned(Path dir, String name, String keyAlg, String san) throws Exception {
        Path store = dir.resolve(name + ".p12");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", keyAlg, "-dname", "CN=" + name, "-validity", "2",
                "-ext", "san=" + san, "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit"));
        if (keyAlg.equals("EC")) {
            cmd.addAll(List.of("-groupname", "secp256r1"));
        } else {
            cmd.addAll(List.of("-keysize", "2048"));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey(name, "changeit".toCharArray());
        X509Certificate cert = (X509Certificate) ks.getCertificate(name);
        Path certFile = dir.resolve(name + ".crt");
        Path keyFile = dir.resolve(name + ".key");
        Files.writeString(certFile, Pem.encode(cert));
        Files.writeString(keyFile, Pem.encode(key));
        return new CertFiles(certFile, keyFile, cert);
    }
}
