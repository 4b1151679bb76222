package io.berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.client.model.ContainerInspect;
import io.berth.client.model.SystemVersion;
import io.berth.client.model.WaitResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelJsonTest {
  private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  @Test
  void unknown_fields_are_ignored_and_absent_ones_read_as_zero_values() {
    ContainerInspect c = ApiJson.read(b("{\"Id\":\"abc\",\"Whatever\":{\"x\":1},\"State\":{\"Running\":true,\"OOMKilled\":true}}"), ContainerInspect.class);
    assertThat(c.id()).isEqualTo("abc");
    assertThat(c.state().running()).isTrue();
    assertThat(c.state().oomKilled()).isTrue();
    assertThat(c.config().tty()).isFalse();
    assertThat(c.config().env()).isEmpty();
    assertThat(c.name()).isEmpty();
  }

  @Test
  void wait_response_reads_status_and_optional_error() {
    assertThat(ApiJson.read(b("{\"StatusCode\":3}"), WaitResponse.class).statusCode()).isEqualTo(3);
    assertThat(ApiJson.read(b("{\"StatusCode\":0,\"Error\":{\"Message\":\"boom\"}}"), WaitResponse.class).error())
        .hasValueSatisfying(e -> assertThat(e.message()).isEqualTo("boom"));
  }

  @Test
  void version_reads_irregular_names() {
    SystemVersion v = ApiJson.read(b("{\"ApiVersion\":\"1.47\",\"MinAPIVersion\":\"1.24\",\"Platform\":{\"Name\":\"Berth\"}}"), SystemVersion.class);
    assertThat(v.minApiVersion()).isEqualTo("1.24");
    assertThat(v.platform().name()).isEqualTo("Berth");
  }

  @Test
  void daemon_error_bodies_yield_their_message() {
    assertThat(ErrorMessages.from(404, b("{\"message\":\"No such container: x\"}"))).isEqualTo("No such container: x");
    assertThat(ErrorMessages.from(500, b("plain text\n"))).isEqualTo("plain text");
    assertThat(ErrorMessages.from(502, new byte[0])).isEqualTo("status 502");
  }
}
