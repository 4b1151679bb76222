package io.berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.client.json.JsonWriter;
import io.berth.client.model.HostConfig;
import io.berth.client.model.Mount;
import io.berth.client.model.Volume;
import io.berth.client.model.VolumeCreateRequest;
import io.berth.client.model.VolumePruneReport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The volume and mount models: what they read from the daemon and what they write. */
class VolumeModelsTest {
  /** What berthd answered to {@code GET /volumes/v10} for a volume made with labels and options. */
  static final String INSPECT = "{\"CreatedAt\":\"2026-11-28T10:08:58Z\",\"Driver\":\"local\",\"Labels\":{\"c\":\"\",\"a\":\"b\"},"
      + "\"Mountpoint\":\"/var/lib/berth/volumes/v10/_data\",\"Name\":\"v10\",\"Options\":{\"type\":\"tmpfs\",\"o\":\"size=1m\","
      + "\"device\":\"tmpfs\"},\"Scope\":\"local\"}";

  private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  private static String json(Map<String, Object> tree) { return new String(JsonWriter.bytes(tree), StandardCharsets.UTF_8); }

  @Test
  void inspect_answer_is_read_and_usage_data_only_when_sent() {
    Volume v = EngineClient.object(b(INSPECT), Volume::fromJson);
    assertThat(v.name()).isEqualTo("v10");
    assertThat(v.driver()).isEqualTo("local");
    assertThat(v.labels()).containsEntry("a", "b").containsEntry("c", "");
    assertThat(v.options()).containsEntry("o", "size=1m");
    assertThat(v.usageData()).isEmpty();
    Volume df = EngineClient.object(b("{\"Name\":\"x\",\"Labels\":null,\"UsageData\":{\"Size\":2048,\"RefCount\":1}}"), Volume::fromJson);
    assertThat(df.usageData()).contains(new Volume.UsageData(2048, 1));
    assertThat(df.labels()).isEmpty();
  }

  @Test
  void list_and_prune_answers_are_read() {
    List<Volume> l = EngineClient.object(b("{\"Volumes\":[" + INSPECT + "],\"Warnings\":null}"), f -> f.objects("Volumes", Volume::fromJson));
    assertThat(l).extracting(Volume::name).containsExactly("v10");
    VolumePruneReport r = EngineClient.object(b("{\"VolumesDeleted\":null,\"SpaceReclaimed\":0}"), VolumePruneReport::fromJson);
    assertThat(r.volumesDeleted()).isEmpty();
  }

  @Test
  void create_request_leaves_out_what_was_not_given() {
    assertThat(json(new VolumeCreateRequest("", "local", Map.of(), Map.of()).toJson())).isEqualTo("{\"Driver\":\"local\"}");
    assertThat(json(new VolumeCreateRequest("n", "local", Map.of("type", "tmpfs", "device", "tmpfs"), Map.of("a", "b")).toJson()))
        .isEqualTo("{\"Driver\":\"local\",\"DriverOpts\":{\"device\":\"tmpfs\",\"type\":\"tmpfs\"},\"Labels\":{\"a\":\"b\"},\"Name\":\"n\"}");
  }

  @Test
  void mounts_round_trip_through_the_host_config() {
    var volume = new Mount("volume", "v1", "/t", true, "", Optional.empty(),
        Optional.of(new Mount.VolumeOptions(true, Map.of("l", "1"), Optional.of(new Mount.Driver("local", Map.of("o", "x"))))),
        Optional.empty());
    var tmpfs = new Mount("tmpfs", "", "/tm", false, "", Optional.empty(), Optional.empty(), Optional.of(new Mount.TmpfsOptions(1024, 0700)));
    var bind = new Mount("bind", "/h", "/b", false, "", Optional.of(new Mount.BindOptions("rshared", false)), Optional.empty(), Optional.empty());
    HostConfig h = HostConfig.empty().withMountSettings(new HostConfig.MountSettings(List.of("c1:ro"), Map.of("/r", "size=1m"),
        List.of(volume, tmpfs, bind)));
    String wire = json(h.toJson());
    assertThat(wire).endsWith("\"VolumesFrom\":[\"c1:ro\"],\"Tmpfs\":{\"/r\":\"size=1m\"},\"Mounts\":["
        + "{\"Type\":\"volume\",\"Source\":\"v1\",\"Target\":\"/t\",\"ReadOnly\":true,\"VolumeOptions\":{\"NoCopy\":true,\"Labels\":{\"l\":\"1\"},"
        + "\"DriverConfig\":{\"Name\":\"local\",\"Options\":{\"o\":\"x\"}}}},"
        + "{\"Type\":\"tmpfs\",\"Target\":\"/tm\",\"TmpfsOptions\":{\"SizeBytes\":1024,\"Mode\":448}},"
        + "{\"Type\":\"bind\",\"Source\":\"/h\",\"Target\":\"/b\",\"BindOptions\":{\"Propagation\":\"rshared\"}}]}");
    HostConfig back = EngineClient.object(b(wire), HostConfig::fromJson);
    assertThat(back.mountSettings()).isEqualTo(h.mountSettings());
    assertThat(json(HostConfig.empty().toJson())).doesNotContain("Mounts").doesNotContain("Tmpfs").doesNotContain("VolumesFrom");
  }
}
