package io.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DetachKeysTest {
  @Test
  void default_is_ctrl_p_ctrl_q() {
    assertThat(DetachKeys.DEFAULT.bytes()).containsExactly(16, 17);
    assertThat(DetachKeys.parse("ctrl-p,ctrl-q")).isEqualTo(DetachKeys.DEFAULT);
  }

  @Test
  void parses_dockers_format() {
    assertThat(DetachKeys.parse("ctrl-a,x").bytes()).containsExactly(1, 'x');
    assertThat(DetachKeys.parse("ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_,DEL").bytes())
        .containsExactly(0, 27, 28, 29, 30, 31, 127);
    assertThat(DetachKeys.parse("ctrl-z").bytes()).containsExactly(26);
  }

  @Test
  void unknown_keys_are_refused_with_mobys_message() {
    assertThatThrownBy(() -> DetachKeys.parse("ctrl-P")).hasMessage("Unknown character: 'ctrl-P'");
    assertThatThrownBy(() -> DetachKeys.parse("ctrl-p,")).hasMessage("Unknown character: ''");
    assertThatThrownBy(() -> DetachKeys.parse("ab")).hasMessage("Unknown character: 'ab'");
    assertThatThrownBy(() -> DetachKeys.parse("\u00e9")).hasMessage("Unknown character: '\u00e9'");
    assertThatThrownBy(() -> DetachKeys.parse("")).hasMessage("Unknown character: ''");
    // a comma cannot be a key: it separates keys
    assertThatThrownBy(() -> DetachKeys.parse(",")).hasMessage("Unknown character: ''");
  }

  @Test
  void sequence_split_across_reads_detaches_and_is_never_passed_on() {
    DetachKeys.Scanner s = DetachKeys.DEFAULT.scanner();
    assertThat(feed(s, "ls\n\u0010")).isEqualTo("ls\n");
    assertThat(s.detached()).isFalse();
    assertThat(feed(s, "\u0011after")).isEmpty();
    assertThat(s.detached()).isTrue();
    assertThat(feed(s, "more")).isEmpty();
  }

  @Test
  void sequence_inside_one_read_detaches() {
    DetachKeys.Scanner s = DetachKeys.DEFAULT.scanner();
    assertThat(feed(s, "echo x\n\u0010\u0011echo y\n")).isEqualTo("echo x\n");
    assertThat(s.detached()).isTrue();
  }

  @Test
  void a_mismatch_releases_the_held_bytes() {
    DetachKeys.Scanner s = DetachKeys.DEFAULT.scanner();
    assertThat(feed(s, "\u0010")).isEmpty();
    assertThat(feed(s, "a")).isEqualTo("\u0010a");
    assertThat(s.detached()).isFalse();
    // ctrl-p ctrl-p ctrl-q: the first ctrl-p is passed on, the rest detaches
    s = DetachKeys.DEFAULT.scanner();
    assertThat(feed(s, "\u0010\u0010\u0011")).isEqualTo("\u0010");
    assertThat(s.detached()).isTrue();
  }

  @Test
  void overlapping_prefixes_are_found() {
    DetachKeys.Scanner s = DetachKeys.parse("a,a,b").scanner();
    assertThat(feed(s, "xaa")).isEqualTo("x");
    assertThat(feed(s, "ab")).isEqualTo("a");
    assertThat(s.detached()).isTrue();
  }

  @Test
  void flush_returns_an_unfinished_sequence() {
    DetachKeys.Scanner s = DetachKeys.DEFAULT.scanner();
    assertThat(feed(s, "q\u0010")).isEqualTo("q");
    assertThat(s.flush()).containsExactly(16);
    assertThat(s.flush()).isEmpty();
  }

  @Test
  void single_key_sequence() {
    DetachKeys.Scanner s = DetachKeys.parse("x").scanner();
    assertThat(feed(s, "abxcd")).isEqualTo("ab");
    assertThat(s.detached()).isTrue();
  }

  @Test
  void binary_data_without_the_sequence_passes_unchanged() {
    DetachKeys.Scanner s = DetachKeys.DEFAULT.scanner();
    // every byte value but 17, so 16 is followed by 18: never the whole sequence
    byte[] noSeq = new byte[255];
    int n = 0;
    for (int i = 0; i < 256; i++) if (i != 17) noSeq[n++] = (byte) i;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(s.filter(noSeq, 0, noSeq.length));
    out.writeBytes(s.flush());
    assertThat(out.toByteArray()).containsExactly(noSeq);
    assertThat(s.detached()).isFalse();
  }

  private static String feed(DetachKeys.Scanner s, String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    return new String(s.filter(b, 0, b.length), StandardCharsets.ISO_8859_1);
  }
}
