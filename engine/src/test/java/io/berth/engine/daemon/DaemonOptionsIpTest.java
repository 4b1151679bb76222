package io.berth.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berthd --ip} and daemon.json's {@code ip}: the default host address of published ports. */
class DaemonOptionsIpTest {
  @TempDir Path dir;

  private String config(String json) throws IOException {
    Path f = dir.resolve("daemon.json");
    Files.writeString(f, json);
    return f.toString();
  }

  @Test
  void every_address_unless_told_otherwise() throws IOException {
    assertThat(DaemonOptions.parse(new String[] {"--config-file", config("{}")}).defaultBindIp()).isEqualTo("0.0.0.0");
  }

  @Test
  void the_flag_sets_it_in_either_spelling() throws IOException {
    String cfg = config("{}");
    assertThat(DaemonOptions.parse(new String[] {"--config-file", cfg, "--ip", "127.0.0.1"}).defaultBindIp())
        .isEqualTo("127.0.0.1");
    assertThat(DaemonOptions.parse(new String[] {"--config-file", cfg, "--ip=10.0.0.7"}).defaultBindIp())
        .isEqualTo("10.0.0.7");
    assertThat(DaemonOptions.parse(new String[] {"--config-file", cfg, "--ip", "::1"}).defaultBindIp())
        .isEqualTo("0:0:0:0:0:0:0:1");
  }

  @Test
  void only_ip_literals_are_taken_with_dockerds_message() throws IOException {
    String cfg = config("{}");
    assertThatThrownBy(() -> DaemonOptions.parse(new String[] {"--config-file", cfg, "--ip", "localhost"}))
        .hasMessage("invalid argument \"localhost\" for \"--ip\" flag: localhost is not an ip address");
    assertThatThrownBy(() -> DaemonOptions.parse(new String[] {"--config-file", cfg, "--ip", "300.1.1.1"}))
        .hasMessage("invalid argument \"300.1.1.1\" for \"--ip\" flag: 300.1.1.1 is not an ip address");
    assertThatThrownBy(() -> DaemonOptions.parse(new String[] {"--config-file", cfg, "--ip"}))
        .hasMessage("flag needs an argument: --ip");
  }

  @Test
  void daemon_json_sets_it_but_not_together_with_the_flag() throws IOException {
    String cfg = config("{\"ip\": \"127.0.0.1\"}");
    assertThat(DaemonOptions.parse(new String[] {"--config-file", cfg}).defaultBindIp()).isEqualTo("127.0.0.1");
    assertThatThrownBy(() -> DaemonOptions.parse(new String[] {"--config-file", cfg, "--ip", "0.0.0.0"}))
        .hasMessage("the following directives are specified both as a flag and in the configuration file: "
            + "ip: (from flag: 0.0.0.0, from file: 127.0.0.1)");
    String bad = config("{\"ip\": \"example.com\"}");
    assertThatThrownBy(() -> DaemonOptions.parse(new String[] {"--config-file", bad}))
        .hasMessageContaining("example.com is not an ip address");
  }

  @Test
  void help_documents_it() {
    assertThat(DaemonOptions.USAGE).contains("--ip ip").contains("Default IP when binding container ports (default 0.0.0.0)");
  }
}
