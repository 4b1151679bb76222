package io.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TabWriterTest {
  @Test
  void columns_are_padded_to_the_widest_cell_plus_padding_with_a_minimum_width() {
    String out = TabWriter.table().row("A", "LONGER HEADER", "LAST").row("xxxxxxxxxxxx", "y", "z").render();
    assertThat(out).isEqualTo(
        "A              LONGER HEADER   LAST\n"
            + "xxxxxxxxxxxx   y               z\n");
  }

  @Test
  void the_last_cell_is_never_padded_and_widths_count_code_points() {
    String out = TabWriter.table().row("é…", "b").row("abc", "").render();
    assertThat(out).isEqualTo("é…        b\nabc       \n");
  }

  @Test
  void version_style_writer_aligns_label_value_blocks() {
    String out = new TabWriter(20, 1).write("Client:\n Version:\t1\n API version:\t1.47\n").render();
    assertThat(out).isEqualTo("Client:\n Version:           1\n API version:       1.47\n");
  }
}
