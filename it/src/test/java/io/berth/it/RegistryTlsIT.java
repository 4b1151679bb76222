package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.BusyboxImage;
import io.berth.testkit.Cli;
import io.berth.testkit.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code berth registry serve --tls-cert --tls-key --htpasswd} with a certificate from a test CA
 * (openssl), reached by the docker CLI through a real berthd and by skopeo. The registry listens on
 * a non-loopback address: Docker (and berthd) verify certificates only outside 127.0.0.0/8. berthd
 * finds the CA in {@code <config dir>/certs.d/<host:port>/ca.crt}, its config dir being a temp
 * directory ({@code --config-file}); until the CA is there, the registry is an x509 error.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryTlsIT {
  private static final Path CONF = tempDir("berth-tlsit-conf-");

  @RegisterExtension static final BerthDaemon berth = new BerthDaemon("--config-file", CONF.resolve("daemon.json").toString());

  static Path pki;
  static String host;
  static Cli.Background registry;

  private static Path tempDir(String prefix) {
    try {
      Path d = Files.createTempDirectory(prefix);
      Files.writeString(d.resolve("daemon.json"), "{}\n");
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<String> nonLoopbackAddress() throws SocketException {
    return NetworkInterface.networkInterfaces().filter(i -> {
      try {
        return i.isUp() && !i.isLoopback() && !i.getName().startsWith("berth") && !i.getName().startsWith("docker");
      } catch (SocketException e) {
        return false;
      }
    }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).map(InetAddress::getHostAddress)
        .findFirst();
  }

  private static Cli.Result sh(String script) {
    var r = berth.cli().run(Duration.ofMinutes(2), List.of("sh", "-ec", script));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  @BeforeAll static void startRegistry() throws Exception {
    Optional<String> ip = nonLoopbackAddress();
    Assumptions.assumeTrue(ip.isPresent(), "needs a non-loopback IPv4 address");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    host = ip.get() + ":" + port;
    pki = Files.createDirectories(berth.work().resolve("pki"));
    // A CA, and a server certificate it signs (SEC1 EC key, as `openssl ecparam -genkey` writes it);
    // the chain file is leaf first.
    sh("cd " + pki + "\n"
        + "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -subj /CN=berth-it-ca -days 2 2>/dev/null\n"
        + "openssl ecparam -name prime256v1 -genkey -noout -out server.key\n"
        + "openssl req -new -key server.key -out server.csr -subj /CN=registry\n"
        + "printf 'subjectAltName=IP:" + ip.get() + ",IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > ext.cnf\n"
        + "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile ext.cnf 2>/dev/null\n"
        + "cat server.crt ca.crt > chain.pem\n"
        + "htpasswd -Bbn alice s3cret > htpasswd\n"
        + "grep -q 'BEGIN EC PRIVATE KEY' server.key\n");
    registry = berth.cli().start(List.of("env", "BERTH_NO_AOT=1", Repo.root().resolve("bin/berth").toString(), "registry",
        "serve", "--addr", host, "--root", pki.resolve("root").toString(), "--tls-cert", pki.resolve("chain.pem").toString(),
        "--tls-key", pki.resolve("server.key").toString(), "--htpasswd", pki.resolve("htpasswd").toString()));
    String line = registry.awaitStdout(s -> s.contains("listening on"), Duration.ofSeconds(60));
    assertThat(line).contains("https://" + host, "TLS", "basic auth");
  }

  @AfterAll static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.process().destroy();
      assertThat(registry.process().waitFor(20, TimeUnit.SECONDS)).as("registry stops on SIGTERM").isTrue();
      registry.close();
    }
    berth.cli().run(Duration.ofSeconds(30), List.of("rm", "-rf", CONF.toString()));
  }

  private static Cli.Result docker(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--config";
    all[1] = berth.work().resolve("docker-config").toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return berth.docker(all);
  }

  @Test @Order(1)
  void an_untrusted_certificate_is_a_clear_x509_error() {
    var login = docker("login", "-u", "alice", "-p", "s3cret", host);
    assertThat(login.exitCode()).as(login.toString()).isNotZero();
    assertThat(login.stderr()).contains("Get \"https://" + host + "/v2/\": tls: failed to verify certificate: "
        + "x509: certificate signed by unknown authority");
    assertThat(docker("tag", "busybox:latest", host + "/tls/bb:0").exitCode()).isZero();
    var push = docker("push", host + "/tls/bb:0");
    assertThat(push.exitCode()).isNotZero();
    assertThat(push.all()).contains("x509: certificate signed by unknown authority");
    assertThat(docker("rmi", host + "/tls/bb:0").exitCode()).isZero();
  }

  @Test @Order(2)
  void with_the_ca_in_certs_d_docker_logs_in_pushes_pulls_and_runs() throws Exception {
    Path dir = Files.createDirectories(CONF.resolve("certs.d").resolve(host));
    Files.copy(pki.resolve("ca.crt"), dir.resolve("ca.crt"));

    var wrong = docker("login", "-u", "alice", "-p", "nope", host);
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.stderr()).contains("unauthorized: incorrect username or password");
    var login = docker("login", "-u", "alice", "-p", "s3cret", host);
    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.stdout()).contains("Login Succeeded");

    String name = host + "/tls/bb:1";
    assertThat(docker("tag", "busybox:latest", name).exitCode()).isZero();
    var push = docker("push", name);
    assertThat(push.exitCode()).as(push.toString()).isZero();
    assertThat(push.stdout()).contains("Pushed").containsPattern("1: digest: sha256:[0-9a-f]{64} size: \\d+");

    assertThat(docker("rmi", name).exitCode()).isZero();
    assertThat(docker("rmi", "busybox:latest").exitCode()).isZero();
    try {
      var pull = docker("pull", name);
      assertThat(pull.exitCode()).as(pull.toString()).isZero();
      assertThat(pull.stdout()).contains("Pull complete", "Status: Downloaded newer image for " + name);
      var run = docker("run", "--rm", "--network", "none", name, "echo", "over tls");
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).isEqualTo("over tls\n");
    } finally {
      if (berth.api().get("/images/busybox:latest/json").status() != 200) {
        if (docker("tag", name, "busybox:latest").exitCode() != 0) berth.daemon().loadBusybox("busybox:latest");
      }
      docker("rmi", name);
    }
  }

  @Test @Order(3)
  void skopeo_copies_with_dest_cert_dir() throws Exception {
    Path archive = berth.work().resolve("busybox.tar");
    new BusyboxImage().dockerSaveTar(archive, "busybox:latest");
    Path certDir = Files.createDirectories(berth.work().resolve("skopeo-certs"));
    Files.copy(pki.resolve("ca.crt"), certDir.resolve("ca.crt"));
    String dest = "docker://" + host + "/tls/skopeo:1";

    var untrusted = berth.cli().run(Duration.ofMinutes(2), List.of("skopeo", "copy", "--dest-creds", "alice:s3cret",
        "docker-archive:" + archive, dest));
    assertThat(untrusted.exitCode()).isNotZero();
    assertThat(untrusted.all()).contains("x509: certificate signed by unknown authority");

    var copy = berth.cli().run(Duration.ofMinutes(2), List.of("skopeo", "copy", "--dest-cert-dir", certDir.toString(),
        "--dest-creds", "alice:s3cret", "docker-archive:" + archive, dest));
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    var inspect = berth.cli().run(Duration.ofMinutes(1), List.of("skopeo", "inspect", "--cert-dir", certDir.toString(),
        "--creds", "alice:s3cret", dest));
    assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
    assertThat(inspect.stdout()).contains("\"Name\": \"" + host + "/tls/skopeo\"");
  }
}
