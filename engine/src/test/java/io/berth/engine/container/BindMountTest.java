package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BindMountTest {
  @TempDir Path tmp;

  @Test
  void bind_with_source_and_destination_is_read_write_rprivate() {
    var b = (BindMount) BindMount.parseBind("/host/data:/data");
    assertThat(b).isEqualTo(new BindMount("/host/data", "/data", false, "", "rprivate", true));
    assertThat(b.ociOptions()).containsExactly("rbind", "rprivate");
  }

  @Test
  void ro_mode_makes_it_read_only_and_keeps_the_mode_text() {
    var b = (BindMount) BindMount.parseBind("/host//data/:/data/./x:ro,z");
    assertThat(b.source()).isEqualTo("/host/data");
    assertThat(b.destination()).isEqualTo("/data/x");
    assertThat(b.readOnly()).isTrue();
    assertThat(b.mode()).isEqualTo("ro,z");
    assertThat(b.ociOptions()).containsExactly("rbind", "ro", "rprivate");
  }

  @Test
  void propagation_from_the_mode() {
    var b = (BindMount) BindMount.parseBind("/a:/b:rw,rslave");
    assertThat(b.readOnly()).isFalse();
    assertThat(b.propagation()).isEqualTo("rslave");
    assertThat(b.ociOptions()).containsExactly("rbind", "rslave");
  }

  @Test
  void malformed_specs_get_dockers_messages() {
    assertThatThrownBy(() -> BindMount.parseBind(":/x")).hasMessage("invalid volume specification: ':/x'");
    assertThatThrownBy(() -> BindMount.parseBind("/a:/b:ro:x")).hasMessage("invalid volume specification: '/a:/b:ro:x'");
    assertThatThrownBy(() -> BindMount.parseBind("/foo:rw")).hasMessage("invalid volume specification: '/foo:rw'");
    assertThatThrownBy(() -> BindMount.parseBind("/a:/b:bogus")).hasMessage("invalid mode: bogus");
    assertThatThrownBy(() -> BindMount.parseBind("/a:/b:ro,rw")).hasMessage("invalid mode: ro,rw");
    assertThatThrownBy(() -> BindMount.parseBind("/a:/"))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("invalid volume specification: '/a:/': invalid mount config for type \"bind\": "
            + "invalid specification: destination can't be '/'");
    assertThatThrownBy(() -> BindMount.parseBind("/a:rel"))
        .hasMessage("invalid volume specification: '/a:rel': invalid mount config for type \"bind\": "
            + "invalid mount path: 'rel' mount path must be absolute");
    assertThatThrownBy(() -> BindMount.parseBind("/a:/b:nocopy"))
        .hasMessage("invalid volume specification: '/a:/b:nocopy': invalid mount config for type \"bind\": "
            + "field VolumeOptions must not be specified");
  }

  @Test
  void a_source_that_is_not_a_path_is_a_named_volume_and_a_lone_path_an_anonymous_one() {
    assertThat(BindMount.parseBind("data:/data:ro,nocopy"))
        .isEqualTo(new VolumeMount("data", "/data", true, "ro,nocopy", true, "", java.util.Map.of(), java.util.Map.of(), false));
    assertThat(BindMount.parseBind("/data/")).isEqualTo(VolumeMount.anonymous("/data"));
    assertThatThrownBy(() -> BindMount.parseBind("data:rel"))
        .hasMessage("invalid volume specification: 'data:rel': invalid mount config for type \"volume\": "
            + "invalid mount path: 'rel' mount path must be absolute");
    assertThatThrownBy(() -> BindMount.parseBind("data:/d:rshared"))
        .hasMessage("invalid volume specification: 'data:/d:rshared': invalid mount config for type \"volume\": "
            + "field BindOptions must not be specified");
  }

  @Test
  void mount_of_type_bind_needs_an_existing_source() {
    var ok = BindMount.ofMount(tmp.toString(), "/data", true, "", false);
    assertThat(ok).isEqualTo(new BindMount(tmp.toString(), "/data", true, "", "rprivate", false));
    String missing = tmp.resolve("missing").toString();
    assertThatThrownBy(() -> BindMount.ofMount(missing, "/data", false, "", false))
        .hasMessage("invalid mount config for type \"bind\": bind source path does not exist: " + missing);
    assertThat(BindMount.ofMount(missing, "/data", false, "", true).createSource()).isTrue();
    assertThatThrownBy(() -> BindMount.ofMount(tmp.toString(), "/data", false, "sideways", false))
        .hasMessage("invalid mount config for type \"bind\": invalid propagation mode: sideways");
    assertThatThrownBy(() -> BindMount.ofMount("", "/data", false, "", false))
        .hasMessage("invalid mount config for type \"bind\": field Source must not be empty");
  }

  @Test
  void host_options_list_binds_then_mounts_then_storage_requests() {
    var base = HostOptions.defaults();
    var o = new HostOptions(base.restartPolicy(), false, null, null, null, false, null, null, null, null,
        java.util.List.of("/a:/a"), java.util.List.of(new BindMount("/b", "/b", false, "", "", false)), null);
    o = o.withStorage(new StorageOptions(java.util.List.of(VolumeMount.anonymous("/c")),
        java.util.List.of(new TmpfsMount("/d", "", false, false)), null, null, null, null));
    assertThat(o.mountRequests()).extracting(MountRequest::destination).containsExactly("/a", "/b", "/c", "/d");
  }
}
