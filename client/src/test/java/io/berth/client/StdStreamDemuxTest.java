package io.berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StdStreamDemuxTest {
  private static byte[] frames(Object... streamAndText) throws IOException {
    var out = new ByteArrayOutputStream();
    for (int i = 0; i < streamAndText.length; i += 2) {
      StdStreamDemux.writeFrame(out, (StdStreamDemux.Stream) streamAndText[i], ((String) streamAndText[i + 1]).getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void frames_are_split_to_stdout_and_stderr_in_order() throws IOException {
    byte[] wire = frames(StdStreamDemux.Stream.STDOUT, "out1\n", StdStreamDemux.Stream.STDERR, "err\n", StdStreamDemux.Stream.STDOUT, "out2\n");
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    StdStreamDemux.multiplexed(new ByteArrayInputStream(wire)).copyTo(out, err);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out1\nout2\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err\n");
  }

  @Test
  void header_is_stream_byte_three_zeros_and_big_endian_size() throws IOException {
    byte[] wire = frames(StdStreamDemux.Stream.STDERR, "x".repeat(258));
    assertThat(wire).startsWith(2, 0, 0, 0, 0, 0, 1, 2);
    var frame = StdStreamDemux.multiplexed(new ByteArrayInputStream(wire)).next().orElseThrow();
    assertThat(frame.stream()).isEqualTo(StdStreamDemux.Stream.STDERR);
    assertThat(frame.payload()).hasSize(258);
  }

  @Test
  void empty_stream_ends_cleanly_and_empty_frames_are_allowed() throws IOException {
    assertThat(StdStreamDemux.multiplexed(new ByteArrayInputStream(new byte[0])).next()).isEmpty();
    var demux = StdStreamDemux.multiplexed(new ByteArrayInputStream(frames(StdStreamDemux.Stream.STDOUT, "")));
    assertThat(demux.next().orElseThrow().payload()).isEmpty();
    assertThat(demux.next()).isEmpty();
  }

  @Test
  void truncated_header_or_payload_is_an_error() throws IOException {
    byte[] wire = frames(StdStreamDemux.Stream.STDOUT, "hello");
    assertThatThrownBy(() -> StdStreamDemux.multiplexed(new ByteArrayInputStream(wire, 0, 5)).next()).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> StdStreamDemux.multiplexed(new ByteArrayInputStream(wire, 0, 10)).next()).isInstanceOf(EOFException.class);
  }

  @Test
  void unknown_stream_type_is_rejected() {
    byte[] wire = {7, 0, 0, 0, 0, 0, 0, 1, 'x'};
    assertThatThrownBy(() -> StdStreamDemux.multiplexed(new ByteArrayInputStream(wire)).next()).hasMessageContaining("unknown stream type 7");
  }

  @Test
  void raw_mode_passes_everything_to_stdout() throws IOException {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    StdStreamDemux.raw(new ByteArrayInputStream("tty output\r\n".getBytes(StandardCharsets.UTF_8))).copyTo(out, err);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("tty output\r\n");
    assertThat(err.size()).isZero();
  }
}
