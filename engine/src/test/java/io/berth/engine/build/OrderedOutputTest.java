package io.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.oci.Digest;
import org.junit.jupiter.api.Test;

class OrderedOutputTest {
  @Test
  void later_parts_wait_for_earlier_ones_then_stream_live() {
    StringBuilder seen = new StringBuilder();
    OrderedOutput out = new OrderedOutput(new BuildOutput() {
      @Override public void stream(String text) { seen.append(text); }
      @Override public void aux(Digest imageId) { }
    });
    OrderedOutput.Part first = out.part();
    OrderedOutput.Part second = out.part();
    OrderedOutput.Part third = out.part();
    second.stream("b1 ");
    third.stream("c1 ");
    first.stream("a1 ");
    assertThat(seen).hasToString("a1 ");
    third.finish();
    first.finish();
    assertThat(seen).hasToString("a1 b1 ");
    second.stream("b2 ");
    assertThat(seen).hasToString("a1 b1 b2 ");
    second.finish();
    assertThat(seen).hasToString("a1 b1 b2 c1 ");
  }

  @Test
  void a_failing_part_shows_its_output_and_silences_the_rest() {
    StringBuilder seen = new StringBuilder();
    OrderedOutput out = new OrderedOutput(new BuildOutput() {
      @Override public void stream(String text) { seen.append(text); }
      @Override public void aux(Digest imageId) { }
    });
    OrderedOutput.Part first = out.part();
    OrderedOutput.Part second = out.part();
    OrderedOutput.Part third = out.part();
    first.stream("a ");
    third.stream("waiting ");
    second.stream("failing-output ");
    second.fail();
    first.stream("more ");
    first.finish();
    second.finish();
    third.finish();
    assertThat(seen).hasToString("a failing-output ");
  }
}
