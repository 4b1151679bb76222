package io.berth.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {
    @TempDir
    Path dir;

    @Test
    void reads_a_certificate_and_its_pkcs8_key_back() throws Exception {
        for (String alg : new String[] {"EC", "RSA"}) {
            var files = TestCertificates.selfSigned(dir, "s-" + alg, alg, "ip:127.0.0.1");
            var identity = TlsContexts.Identity.load(files.cert(), files.key());
            assertThat(identity.chain()).containsExactly(files.certificate());
            assertThat(identity.key().getAlgorithm()).isEqualTo(alg);
            assertThat(Pem.privateKeyBlock(Files.readString(files.key())).orElseThrow().isEc()).isEqualTo(alg.equals("EC"));
        }
    }

    @Test
    void reads_a_chain_in_file_order_with_other_blocks_around() throws Exception {
        var a = TestCertificates.selfSigned(dir, "a", "EC", "dns:a.test");
        var b = TestCertificates.selfSigned(dir, "b", "EC", "dns:b.test");
        String text = "subject=CN=a\n" + Files.readString(a.cert()) + Files.readString(a.key()) + Files.readString(b.cert());
        assertThat(Pem.certificates(text)).containsExactly(a.certificate(), b.certificate());
        assertThat(Pem.privateKey(text)).isEqualTo(Pem.privateKey(Files.readString(a.key())));
    }

    @Test
    void a_key_of_another_certificate_is_refused() throws Exception {
        var a = TestCertificates.selfSigned(dir, "a", "EC", "dns:a.test");
        var b = TestCertificates.selfSigned(dir, "b", "EC", "dns:b.test");
        assertThatThrownBy(() -> TlsContexts.Identity.load(a.cert(), b.key()))
                .hasMessage("private key " + b.key() + " does not match the certificate in " + a.cert());
    }

    @Test
    void wrong_files_say_what_is_missing() throws Exception {
        var a = TestCertificates.selfSigned(dir, "a", "EC", "dns:a.test");
        assertThatThrownBy(() -> TlsContexts.Identity.load(a.key(), a.key())).hasMessage(a.key() + ": no CERTIFICATE block");
        assertThatThrownBy(() -> TlsContexts.Identity.load(a.cert(), a.cert()))
                .hasMessage(a.cert() + ": no PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block");
        assertThatThrownBy(() -> Pem.privateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"))
                .hasMessage("encrypted private keys are not supported");
        assertThatThrownBy(() -> TlsContexts.Identity.load(dir.resolve("missing.crt"), a.key()))
                .hasMessageStartingWith(dir.resolve("missing.crt") + ": cannot read");
    }
}
