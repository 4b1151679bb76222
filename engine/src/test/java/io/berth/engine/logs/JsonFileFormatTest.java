package io.berth.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileFormatTest {
  @TempDir Path tmp;

  private static byte[] resource(String name) throws Exception {
    try (var in = JsonFileFormatTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  @Test void conmon_log_converts_to_dockers_json_file_lines_byte_for_byte() throws Exception {
    Path log = tmp.resolve("ctr.log");
    Files.write(log, resource("golden.k8s.log"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (LogCursor c = new LogReader().read(log, LogQuery.all())) {
      while (c.hasNext()) JsonFileFormat.write(c.next(), out);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(new String(resource("golden.json.log"), StandardCharsets.UTF_8));
    assertThat(out.toByteArray()).isEqualTo(resource("golden.json.log"));
  }

  @Test void time_is_go_rfc3339nano_in_utc() {
    assertThat(JsonFileFormat.rfc3339Nano(Instant.parse("2024-01-02T03:04:05Z"))).isEqualTo("2024-01-02T03:04:05Z");
    assertThat(JsonFileFormat.rfc3339Nano(Instant.parse("2024-01-02T03:04:05.120Z"))).isEqualTo("2024-01-02T03:04:05.12Z");
    assertThat(JsonFileFormat.rfc3339Nano(Instant.parse("2024-01-02T03:04:05.000000001Z"))).isEqualTo("2024-01-02T03:04:05.000000001Z");
  }

  @Test void empty_data_omits_the_log_field_as_docker_does() {
    var e = new LogEntry(Instant.parse("2024-01-02T03:04:05Z"), LogStream.STDERR, new byte[0]);
    assertThat(new String(JsonFileFormat.encode(e), StandardCharsets.UTF_8))
        .isEqualTo("{\"stream\":\"stderr\",\"time\":\"2024-01-02T03:04:05Z\"}\n");
  }

  @Test void truncated_and_overlong_utf8_become_replacement_characters() {
    byte[] data = {'a', (byte) 0xE2, (byte) 0x82, 'b', (byte) 0xC0, (byte) 0x80, (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'c'};
    var e = new LogEntry(Instant.parse("2024-01-02T03:04:05Z"), LogStream.STDOUT, data);
    assertThat(new String(JsonFileFormat.encode(e), StandardCharsets.UTF_8))
        .startsWith("{\"log\":\"a\\ufffd\\ufffdb\\ufffd\\ufffd\\ufffd\\ufffd\\ufffdc\"");
  }
}
