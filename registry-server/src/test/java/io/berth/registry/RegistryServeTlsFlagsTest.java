package io.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tls-cert}/{@code --tls-key} argument checks (serving over TLS is covered by RegistryTlsIT). */
class RegistryServeTlsFlagsTest {
  @TempDir Path dir;

  private int run(ByteArrayOutputStream err, String... args) {
    return RegistryServer.run(List.of(args), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void cert_and_key_go_together() {
    var err = new ByteArrayOutputStream();
    assertThat(run(err, "--root", dir.toString(), "--addr", "127.0.0.1:0", "--tls-cert", "c.pem")).isEqualTo(125);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("--tls-cert and --tls-key go together\n");
  }

  @Test
  void unreadable_material_stops_the_start_naming_the_file() throws Exception {
    Path cert = Files.writeString(dir.resolve("c.pem"), "not pem\n");
    var err = new ByteArrayOutputStream();
    assertThat(run(err, "--root", dir.resolve("r").toString(), "--addr", "127.0.0.1:0", "--tls-cert", cert.toString(),
        "--tls-key", dir.resolve("k.pem").toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("cannot start the registry: " + cert + ": no CERTIFICATE block\n");
  }
}
