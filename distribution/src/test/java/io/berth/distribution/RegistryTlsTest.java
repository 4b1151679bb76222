package io.berth.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.http.Endpoint;
import io.berth.http.Headers;
import io.berth.http.server.HttpServer;
import io.berth.http.server.ServerOptions;
import io.berth.http.tls.Pem;
import io.berth.http.tls.TlsContexts;
import io.berth.oci.errors.BerthException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's trust rules against a real TLS server: system CAs + certs.d, insecure registries unverified. */
class RegistryTlsTest {
  @TempDir static Path certDir;
  @TempDir Path certsD;
  static Path certFile;
  static Path keyFile;
  static X509Certificate cert;
  /** A non-loopback address of this host: Docker verifies certificates only for registries outside 127.0.0.0/8. */
  static String address;
  private HttpServer server;

  @BeforeAll
  static void selfSigned() throws Exception {
    address = java.net.NetworkInterface.networkInterfaces().filter(i -> {
      try {
        return i.isUp() && !i.isLoopback();
      } catch (java.net.SocketException e) {
        return false;
      }
    }).flatMap(java.net.NetworkInterface::inetAddresses).filter(a -> a instanceof java.net.Inet4Address)
        .map(java.net.InetAddress::getHostAddress).findFirst().orElse(null);
    org.junit.jupiter.api.Assumptions.assumeTrue(address != null, "no non-loopback IPv4 address");
    Path store = certDir.resolve("s.p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
        "-alias", "s", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=registry", "-validity", "2",
        "-ext", "san=ip:127.0.0.1,ip:" + address, "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    cert = (X509Certificate) ks.getCertificate("s");
    certFile = Files.writeString(certDir.resolve("s.crt"), Pem.encode(cert));
    keyFile = Files.writeString(certDir.resolve("s.key"), Pem.encode((PrivateKey) ks.getKey("s", "changeit".toCharArray())));
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private String start() throws Exception {
    return start(address);
  }

  private String start(String ip) throws Exception {
    server = HttpServer.start(List.of(new Endpoint.Tcp(ip, 0)),
        ex -> ex.respond(200, Headers.of("Docker-Distribution-API-Version", "registry/2.0"), new byte[0]),
        ServerOptions.defaults().withTls(TlsContexts.server(certFile, keyFile)));
    return ip + ":" + ((Endpoint.Tcp) server.endpoints().getFirst()).port();
  }

  private RegistryHosts secure() {
    return new RegistryHosts(List.of(), new RegistryCerts(List.of(certsD)));
  }

  @Test
  void an_unknown_ca_is_an_x509_error() throws Exception {
    String host = start();
    assertThatThrownBy(() -> RegistryTransport.connect(host, secure(), RegistryCredentials.ANONYMOUS))
        .isInstanceOf(BerthException.Unavailable.class)
        .hasMessage("Get \"https://" + host + "/v2/\": tls: failed to verify certificate: x509: certificate signed by unknown authority");
  }

  @Test
  void a_ca_in_certs_d_is_trusted_for_that_registry() throws Exception {
    String host = start();
    Files.createDirectories(certsD.resolve(host));
    Files.copy(certFile, certsD.resolve(host).resolve("ca.crt"));
    var t = RegistryTransport.connect(host, secure(), RegistryCredentials.ANONYMOUS);
    assertThat(t.base().toString()).isEqualTo("https://" + host);
  }

  @Test
  void loopback_and_insecure_registries_speak_https_without_verification() throws Exception {
    String listed = start();
    assertThat(RegistryTransport.connect(listed, new RegistryHosts(List.of(address + "/32"), new RegistryCerts(List.of(certsD))),
        RegistryCredentials.ANONYMOUS).base().toString()).isEqualTo("https://" + listed);
    server.close();
    String host = start("127.0.0.1");
    var t = RegistryTransport.connect(host, new RegistryHosts(List.of(), new RegistryCerts(List.of(certsD))),
        RegistryCredentials.ANONYMOUS);
    assertThat(t.base().toString()).isEqualTo("https://" + host);
  }

  @Test
  void certs_d_reads_cas_and_client_pairs_and_refuses_a_lone_cert() throws Exception {
    Path dir = Files.createDirectories(certsD.resolve("reg.lan:5000"));
    Files.copy(certFile, dir.resolve("ca.crt"));
    Files.copy(certFile, dir.resolve("client.cert"));
    Files.copy(keyFile, dir.resolve("client.key"));
    var m = new RegistryCerts(List.of(certsD, certsD.resolve("missing"))).forHost("reg.lan:5000");
    assertThat(m.cas()).containsExactly(cert);
    assertThat(m.identity()).get().extracting(TlsContexts.Identity::chain).isEqualTo(List.of(cert));
    assertThat(new RegistryCerts(List.of(certsD)).forHost("other:5000").isEmpty()).isTrue();
    Files.delete(dir.resolve("client.key"));
    assertThatThrownBy(() -> new RegistryCerts(List.of(certsD)).forHost("reg.lan:5000"))
        .hasMessage("missing key " + dir.resolve("client.key") + " for client certificate " + dir.resolve("client.cert")
            + ". CA certificates must use the extension .crt");
  }
}
