package io.berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.client.json.JsonReader;
import io.berth.client.json.JsonWriter;
import io.berth.client.model.ContainerConfig;
import io.berth.client.model.ContainerCreateRequest;
import io.berth.client.model.ContainerInspect;
import io.berth.client.model.ContainerStats;
import io.berth.client.model.HostConfig;
import io.berth.client.model.Resources;
import io.berth.client.model.Resources.DeviceMapping;
import io.berth.client.model.Resources.ThrottleDevice;
import io.berth.client.model.Resources.Ulimit;
import io.berth.client.model.Resources.WeightDevice;
import io.berth.client.model.RestartPolicy;
import io.berth.client.model.UpdateRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Resource limits on the wire (create, inspect, update) and stats samples. */
class ResourcesJsonTest {
  private static final Resources ALL = Resources.builder().cpuShares(512).memory(10485760).nanoCpus(1_500_000_000L)
      .cgroupParent("foo").blkioWeight(300).blkioWeightDevice(List.of(new WeightDevice("/dev/sda", 200)))
      .blkioDeviceReadBps(List.of(new ThrottleDevice("/dev/sda", 1048576))).blkioDeviceWriteBps(List.of(new ThrottleDevice("/dev/sda", 2)))
      .blkioDeviceReadIOps(List.of(new ThrottleDevice("/dev/sda", 100))).blkioDeviceWriteIOps(List.of(new ThrottleDevice("/dev/sdb", 200)))
      .cpuPeriod(100000).cpuQuota(50000).cpusetCpus("0-1").cpusetMems("0")
      .devices(List.of(new DeviceMapping("/dev/null", "/dev/n2", "r"))).deviceCgroupRules(List.of("c 1:3 rwm"))
      .memoryReservation(5242880).memorySwap(-1).memorySwappiness(50).oomKillDisable(true).pidsLimit(20)
      .ulimits(List.of(new Ulimit("nofile", 200, 100))).cgroupnsMode("private").oomScoreAdj(500).shmSize(67108864).build();

  private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  @Test
  void resource_fields_are_flat_in_the_host_config_in_docker_names() {
    var req = new ContainerCreateRequest(ContainerConfig.empty(), HostConfig.empty().withResources(ALL));
    String json = JsonWriter.write(req.toJson());
    assertThat(json).isEqualTo(ApiJson.string(req));
    assertThat(json).contains("\"PublishAllPorts\":false,\"CpuShares\":512,\"Memory\":10485760,\"NanoCpus\":1500000000,"
        + "\"CgroupParent\":\"foo\",\"BlkioWeight\":300,\"BlkioWeightDevice\":[{\"Path\":\"/dev/sda\",\"Weight\":200}],"
        + "\"BlkioDeviceReadBps\":[{\"Path\":\"/dev/sda\",\"Rate\":1048576}],\"BlkioDeviceWriteBps\":[{\"Path\":\"/dev/sda\",\"Rate\":2}],"
        + "\"BlkioDeviceReadIOps\":[{\"Path\":\"/dev/sda\",\"Rate\":100}],\"BlkioDeviceWriteIOps\":[{\"Path\":\"/dev/sdb\",\"Rate\":200}],"
        + "\"CpuPeriod\":100000,\"CpuQuota\":50000,\"CpusetCpus\":\"0-1\",\"CpusetMems\":\"0\","
        + "\"Devices\":[{\"PathOnHost\":\"/dev/null\",\"PathInContainer\":\"/dev/n2\",\"CgroupPermissions\":\"r\"}],"
        + "\"DeviceCgroupRules\":[\"c 1:3 rwm\"],\"MemoryReservation\":5242880,\"MemorySwap\":-1,\"MemorySwappiness\":50,"
        + "\"OomKillDisable\":true,\"PidsLimit\":20,\"Ulimits\":[{\"Name\":\"nofile\",\"Hard\":200,\"Soft\":100}],"
        + "\"CgroupnsMode\":\"private\",\"OomScoreAdj\":500,\"ShmSize\":67108864}}");
    var none = new ContainerCreateRequest(ContainerConfig.empty(), HostConfig.empty());
    assertThat(JsonWriter.write(none.toJson())).isEqualTo(ApiJson.string(none)).doesNotContain("Memory");
  }

  @Test
  void inspect_reads_the_limits_as_jackson_does() {
    String inspect = "{\"Id\":\"a\",\"HostConfig\":{\"NetworkMode\":\"bridge\",\"Memory\":0,\"NanoCpus\":500000000,"
        + "\"MemorySwappiness\":null,\"PidsLimit\":20,\"Ulimits\":[{\"Name\":\"nofile\",\"Hard\":2,\"Soft\":1}],\"Devices\":[],"
        + "\"OomKillDisable\":false,\"CpusetCpus\":\"\",\"BlkioDeviceReadBps\":[{\"Path\":\"/dev/sda\",\"Rate\":7}],\"ShmSize\":67108864}}";
    ContainerInspect mine = EngineClient.object(b(inspect), ContainerInspect::fromJson);
    assertThat(mine).isEqualTo(ApiJson.read(b(inspect), ContainerInspect.class));
    Resources r = mine.hostConfig().resources();
    assertThat(r.memory()).contains(0L);
    assertThat(r.nanoCpus()).contains(500_000_000L);
    assertThat(r.memorySwappiness()).isEmpty();
    assertThat(r.ulimits()).contains(List.of(new Ulimit("nofile", 2, 1)));
    assertThat(r.blkioDeviceReadBps()).contains(List.of(new ThrottleDevice("/dev/sda", 7)));
    assertThat(r.devices()).contains(List.of());
    assertThat(r.cpuShares()).isEmpty();
    assertThat(EngineClient.object(b("{}"), ContainerInspect::fromJson).hostConfig().resources()).isEqualTo(Resources.NONE);
  }

  @Test
  void update_body_has_only_the_fields_given() {
    var update = new UpdateRequest(Resources.builder().memory(64 << 20).memorySwap(-1).pidsLimit(50).build(),
        Optional.of(new RestartPolicy("on-failure", 3)));
    assertThat(JsonWriter.write(update.toJson())).isEqualTo("{\"Memory\":67108864,\"MemorySwap\":-1,\"PidsLimit\":50,"
        + "\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":3}}");
    assertThat(JsonWriter.write(new UpdateRequest(Resources.builder().cpusetCpus("0").build(), Optional.empty()).toJson()))
        .isEqualTo("{\"CpusetCpus\":\"0\"}");
  }

  private static final String V1 = "{\"read\":\"2025-06-01T10:00:02Z\",\"preread\":\"2025-06-01T10:00:01Z\","
      + "\"pids_stats\":{\"current\":3,\"limit\":20},\"blkio_stats\":{\"io_service_bytes_recursive\":[{\"major\":8,\"minor\":0,"
      + "\"op\":\"Read\",\"value\":4251648},{\"major\":8,\"minor\":0,\"op\":\"Write\",\"value\":12288}]},\"num_procs\":0,"
      + "\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":2500000000,\"percpu_usage\":[1250000000,1250000000]},"
      + "\"system_cpu_usage\":100000000000,\"online_cpus\":2},\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":2000000000},"
      + "\"system_cpu_usage\":98000000000},\"memory_stats\":{\"usage\":5160960,\"stats\":{\"total_inactive_file\":2732032},"
      + "\"limit\":33554432},\"name\":\"/web\",\"id\":\"4f3c\",\"networks\":{\"eth0\":{\"rx_bytes\":1296,\"tx_bytes\":648}}}";

  @Test
  void a_stats_sample_reads_cpu_memory_io_pids_and_networks() {
    ContainerStats s = EngineClient.object(b(V1), ContainerStats::fromJson);
    assertThat(s.name()).isEqualTo("/web");
    assertThat(s.id()).isEqualTo("4f3c");
    assertThat(s.cpuStats()).isEqualTo(new ContainerStats.CpuStats(2_500_000_000L, List.of(1_250_000_000L, 1_250_000_000L),
        100_000_000_000L, 2));
    assertThat(s.precpuStats().totalUsage()).isEqualTo(2_000_000_000L);
    assertThat(s.precpuStats().percpuUsage()).isEmpty();
    assertThat(s.memoryStats()).isEqualTo(new ContainerStats.MemoryStats(5160960, 33554432, Map.of("total_inactive_file", 2732032L)));
    assertThat(s.ioServiceBytesRecursive()).containsExactly(new ContainerStats.BlkioEntry(8, 0, "Read", 4251648),
        new ContainerStats.BlkioEntry(8, 0, "Write", 12288));
    assertThat(s.pidsStats()).isEqualTo(new ContainerStats.PidsStats(3, 20));
    assertThat(s.networks()).containsEntry("eth0", new ContainerStats.NetworkStats(1296, 648));
  }

  @Test
  void unsigned_counters_above_long_saturate_and_a_stopped_container_reads_as_zeros() {
    ContainerStats s = EngineClient.object(b("{\"pids_stats\":{\"current\":1,\"limit\":18446744073709551615},\"memory_stats\":{},"
        + "\"blkio_stats\":{\"io_service_bytes_recursive\":null},\"name\":\"/x\"}"), ContainerStats::fromJson);
    assertThat(s.pidsStats().limit()).isEqualTo(Long.MAX_VALUE);
    assertThat(s.memoryStats().usage()).isZero();
    assertThat(s.ioServiceBytesRecursive()).isEmpty();
    assertThat(s.cpuStats().onlineCpus()).isZero();
  }

  @Test
  void a_stream_of_samples_is_read_one_value_at_a_time() {
    var it = JsonReader.values(new ByteArrayInputStream(b(V1 + "\n" + V1 + "\n  ")));
    var names = new ArrayList<String>();
    while (it.hasNext()) names.add(io.berth.client.json.JsonFields.of(it.next()).string("name"));
    assertThat(names).containsExactly("/web", "/web");
    var bad = JsonReader.values(new ByteArrayInputStream(b("{\"a\":1} {\"a\":")));
    bad.next();
    assertThatThrownBy(bad::next).isInstanceOf(io.berth.client.json.JsonException.class);
  }
}
