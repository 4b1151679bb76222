package io.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import org.junit.jupiter.api.Test;

class RunMountsTest {
  @Test
  void cache_mounts_are_writable_and_keyed_by_id_or_target() {
    RunMounts.Spec s = RunMounts.parse("type=cache,target=/root/.cache,sharing=locked,mode=0700,uid=10");
    assertThat(s.type()).isEqualTo("cache");
    assertThat(s.readOnly()).isFalse();
    assertThat(s.mode()).isEqualTo(0700);
    assertThat(s.uid()).isEqualTo(10);
    assertThat(s.sharing()).isEqualTo("locked");
  }

  @Test
  void bind_mounts_are_read_only_unless_rw() {
    assertThat(RunMounts.parse("target=/src").readOnly()).isTrue();
    assertThat(RunMounts.parse("type=bind,source=a,target=/src,rw").readOnly()).isFalse();
    assertThat(RunMounts.parse("type=bind,from=builder,src=/out,dst=/in").from()).contains("builder");
    assertThat(RunMounts.option("type=bind,from=builder,dst=/in", "from")).contains("builder");
  }

  @Test
  void unsupported_and_malformed_mounts_are_clear_errors() {
    assertThatThrownBy(() -> RunMounts.parse("type=secret,id=x,target=/s"))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("type=secret is not supported");
    assertThatThrownBy(() -> RunMounts.parse("type=cache")).hasMessageContaining("target is required");
    assertThatThrownBy(() -> RunMounts.parse("type=cache,target=/x,colour=red")).hasMessageContaining("unexpected key");
  }
}
