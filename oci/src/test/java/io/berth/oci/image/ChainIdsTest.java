package io.berth.oci.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdsTest {
  private static final Digest A = Digest.parse("sha256:" + "a".repeat(64));
  private static final Digest B = Digest.parse("sha256:" + "b".repeat(64));
  private static final Digest C = Digest.parse("sha256:" + "c".repeat(64));

  @Test
  void chain_id_of_first_layer_is_its_diff_id_and_later_ones_hash_the_chain() {
    // Expected values computed with: printf '%s %s' "$chain" "$diff" | sha256sum
    assertThat(ChainIds.compute(List.of(A, B, C))).containsExactly(A,
        Digest.parse("sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c"),
        Digest.parse("sha256:c1377126441fb2f5ec2c21ae2a60255331d639e830f0ee1b40a36e52d4c40588"));
    assertThat(ChainIds.of(List.of(A, B, C)))
        .isEqualTo(Digest.parse("sha256:c1377126441fb2f5ec2c21ae2a60255331d639e830f0ee1b40a36e52d4c40588"));
  }

  @Test
  void chain_ids_depend_on_order() {
    assertThat(ChainIds.of(List.of(A, B))).isNotEqualTo(ChainIds.of(List.of(B, A)));
    assertThat(ChainIds.compute(List.of())).isEmpty();
    assertThatThrownBy(() -> ChainIds.of(List.of())).isInstanceOf(BerthException.InvalidArgument.class);
  }
}
