package io.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.client.ApiJson;
import io.berth.client.json.JsonWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --log-driver} and {@code --log-opt} in the create body, as docker sends them. */
class LogOptionsRequestTest {
  private static String json(String... args) {
    var cmd = new CreateCommand();
    new CommandLine(cmd).setStopAtPositional(true).parseArgs(args);
    var request = cmd.request(Map.of());
    String viaWriter = JsonWriter.write(request.toJson());
    assertThat(viaWriter).isEqualTo(ApiJson.string(request));
    return viaWriter;
  }

  @Test void log_options_become_the_host_config_log_config() {
    assertThat(json("--log-opt", "max-size=1k", "--log-opt", "max-file=2", "busybox"))
        .contains("\"LogConfig\":{\"Type\":\"\",\"Config\":{\"max-file\":\"2\",\"max-size\":\"1k\"}}");
    assertThat(json("--log-driver", "json-file", "busybox")).contains("\"LogConfig\":{\"Type\":\"json-file\",\"Config\":{}}");
    assertThat(json("--log-opt", "flag", "busybox")).contains("\"Config\":{\"flag\":\"\"}");
    assertThat(json("busybox")).doesNotContain("LogConfig");
  }

  @Test void the_none_driver_takes_no_options() {
    assertThatThrownBy(() -> json("--log-driver", "none", "--log-opt", "max-size=1k", "busybox"))
        .hasMessage("invalid logging opts for driver none");
    assertThat(json("--log-driver", "none", "busybox")).contains("\"LogConfig\":{\"Type\":\"none\",\"Config\":{}}");
  }
}
