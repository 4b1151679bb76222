package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A container's resource limits: the swagger's {@code Resources} fields (flat in {@code HostConfig}
 * and in the body of {@code POST /containers/{id}/update}), plus the three limits the swagger keeps
 * in {@code HostConfig} itself ({@code CgroupnsMode}, {@code OomScoreAdj}, {@code ShmSize}), which
 * {@code run}/{@code create} set beside them and {@code update} never does.
 *
 * <p>Every field is optional: an empty one is not written, so a request carries exactly what the
 * user asked for and the daemon applies its defaults (docker's CLI writes Go zero values, which the
 * daemon reads as "unset" for all of these). Read from an inspect document, a field is present when
 * the daemon sent it (even as 0). Field order follows moby's {@code container.Resources}.
 */
public record Resources(
    Optional<Long> cpuShares, Optional<Long> memory, Optional<Long> nanoCpus, Optional<String> cgroupParent,
    Optional<Integer> blkioWeight, Optional<List<WeightDevice>> blkioWeightDevice,
    Optional<List<ThrottleDevice>> blkioDeviceReadBps, Optional<List<ThrottleDevice>> blkioDeviceWriteBps,
    Optional<List<ThrottleDevice>> blkioDeviceReadIOps, Optional<List<ThrottleDevice>> blkioDeviceWriteIOps,
    Optional<Long> cpuPeriod, Optional<Long> cpuQuota, Optional<String> cpusetCpus, Optional<String> cpusetMems,
    Optional<List<DeviceMapping>> devices, Optional<List<String>> deviceCgroupRules,
    Optional<Long> memoryReservation, Optional<Long> memorySwap, Optional<Long> memorySwappiness,
    Optional<Boolean> oomKillDisable, Optional<Long> pidsLimit, Optional<List<Ulimit>> ulimits,
    Optional<String> cgroupnsMode, Optional<Integer> oomScoreAdj, Optional<Long> shmSize) {

  /** No limits set. */
  public static final Resources NONE = new Builder().build();

  public Resources {
    cpuShares = orEmpty(cpuShares);
    memory = orEmpty(memory);
    nanoCpus = orEmpty(nanoCpus);
    cgroupParent = orEmpty(cgroupParent);
    blkioWeight = orEmpty(blkioWeight);
    blkioWeightDevice = copyOf(blkioWeightDevice);
    blkioDeviceReadBps = copyOf(blkioDeviceReadBps);
    blkioDeviceWriteBps = copyOf(blkioDeviceWriteBps);
    blkioDeviceReadIOps = copyOf(blkioDeviceReadIOps);
    blkioDeviceWriteIOps = copyOf(blkioDeviceWriteIOps);
    cpuPeriod = orEmpty(cpuPeriod);
    cpuQuota = orEmpty(cpuQuota);
    cpusetCpus = orEmpty(cpusetCpus);
    cpusetMems = orEmpty(cpusetMems);
    devices = copyOf(devices);
    deviceCgroupRules = copyOf(deviceCgroupRules);
    memoryReservation = orEmpty(memoryReservation);
    memorySwap = orEmpty(memorySwap);
    memorySwappiness = orEmpty(memorySwappiness);
    oomKillDisable = orEmpty(oomKillDisable);
    pidsLimit = orEmpty(pidsLimit);
    ulimits = copyOf(ulimits);
    cgroupnsMode = orEmpty(cgroupnsMode);
    oomScoreAdj = orEmpty(oomScoreAdj);
    shmSize = orEmpty(shmSize);
  }

  /** {@code BlkioWeightDevice} item. */
  public record WeightDevice(String path, int weight) {
    public WeightDevice { path = Zero.str(path); }

    static WeightDevice fromJson(JsonFields f) { return new WeightDevice(f.string("Path"), f.integer("Weight")); }

    Map<String, Object> toJson() { return Wire.obj().put("Path", path).put("Weight", weight).build(); }
  }

  /** {@code BlkioDeviceReadBps} (and WriteBps, ReadIOps, WriteIOps) item: bytes or operations per second. */
  public record ThrottleDevice(String path, long rate) {
    public ThrottleDevice { path = Zero.str(path); }

    static ThrottleDevice fromJson(JsonFields f) { return new ThrottleDevice(f.string("Path"), f.longValue("Rate")); }

    Map<String, Object> toJson() { return Wire.obj().put("Path", path).put("Rate", rate).build(); }
  }

  /** {@code Devices} item: {@code --device HOST[:CONTAINER][:rwm]}. */
  public record DeviceMapping(String pathOnHost, String pathInContainer, String cgroupPermissions) {
    public DeviceMapping {
      pathOnHost = Zero.str(pathOnHost);
      pathInContainer = Zero.str(pathInContainer);
      cgroupPermissions = Zero.str(cgroupPermissions);
    }

    static DeviceMapping fromJson(JsonFields f) {
      return new DeviceMapping(f.string("PathOnHost"), f.string("PathInContainer"), f.string("CgroupPermissions"));
    }

    Map<String, Object> toJson() {
      return Wire.obj().put("PathOnHost", pathOnHost).put("PathInContainer", pathInContainer)
          .put("CgroupPermissions", cgroupPermissions).build();
    }
  }

  /** {@code Ulimits} item, in moby's field order (Name, Hard, Soft); -1 is unlimited. */
  public record Ulimit(String name, long hard, long soft) {
    public Ulimit { name = Zero.str(name); }

    static Ulimit fromJson(JsonFields f) { return new Ulimit(f.string("Name"), f.longValue("Hard"), f.longValue("Soft")); }

    Map<String, Object> toJson() { return Wire.obj().put("Name", name).put("Hard", hard).put("Soft", soft).build(); }
  }

  /** Reads the fields from a {@code HostConfig} object or an update body. */
  public static Resources fromJson(JsonFields f) {
    return new Resources(opt(f, "CpuShares", f::longValue), opt(f, "Memory", f::longValue), opt(f, "NanoCpus", f::longValue),
        opt(f, "CgroupParent", f::string), opt(f, "BlkioWeight", f::integer),
        list(f, "BlkioWeightDevice", WeightDevice::fromJson), list(f, "BlkioDeviceReadBps", ThrottleDevice::fromJson),
        list(f, "BlkioDeviceWriteBps", ThrottleDevice::fromJson), list(f, "BlkioDeviceReadIOps", ThrottleDevice::fromJson),
        list(f, "BlkioDeviceWriteIOps", ThrottleDevice::fromJson), opt(f, "CpuPeriod", f::longValue),
        opt(f, "CpuQuota", f::longValue), opt(f, "CpusetCpus", f::string), opt(f, "CpusetMems", f::string),
        list(f, "Devices", DeviceMapping::fromJson), opt(f, "DeviceCgroupRules", f::strings),
        opt(f, "MemoryReservation", f::longValue), opt(f, "MemorySwap", f::longValue),
        opt(f, "MemorySwappiness", f::longValue), opt(f, "OomKillDisable", f::bool), opt(f, "PidsLimit", f::longValue),
        list(f, "Ulimits", Ulimit::fromJson), opt(f, "CgroupnsMode", f::string), opt(f, "OomScoreAdj", f::integer),
        opt(f, "ShmSize", f::longValue));
  }

  private static <T> Optional<T> opt(JsonFields f, String key, Function<String, T> read) {
    return f.has(key) ? Optional.of(read.apply(key)) : Optional.empty();
  }

  private static <T> Optional<List<T>> list(JsonFields f, String key, Function<JsonFields, T> item) {
    return f.has(key) ? Optional.of(f.objects(key, item)) : Optional.empty();
  }

  /** Adds the set fields to {@code o}, in this record's order. */
  Wire.Obj fields(Wire.Obj o) {
    return o.putIfPresent("CpuShares", cpuShares).putIfPresent("Memory", memory).putIfPresent("NanoCpus", nanoCpus)
        .putIfPresent("CgroupParent", cgroupParent).putIfPresent("BlkioWeight", blkioWeight)
        .putIfPresent("BlkioWeightDevice", blkioWeightDevice.map(l -> l.stream().map(WeightDevice::toJson).toList()))
        .putIfPresent("BlkioDeviceReadBps", throttles(blkioDeviceReadBps))
        .putIfPresent("BlkioDeviceWriteBps", throttles(blkioDeviceWriteBps))
        .putIfPresent("BlkioDeviceReadIOps", throttles(blkioDeviceReadIOps))
        .putIfPresent("BlkioDeviceWriteIOps", throttles(blkioDeviceWriteIOps))
        .putIfPresent("CpuPeriod", cpuPeriod).putIfPresent("CpuQuota", cpuQuota).putIfPresent("CpusetCpus", cpusetCpus)
        .putIfPresent("CpusetMems", cpusetMems)
        .putIfPresent("Devices", devices.map(l -> l.stream().map(DeviceMapping::toJson).toList()))
        .putIfPresent("DeviceCgroupRules", deviceCgroupRules).putIfPresent("MemoryReservation", memoryReservation)
        .putIfPresent("MemorySwap", memorySwap).putIfPresent("MemorySwappiness", memorySwappiness)
        .putIfPresent("OomKillDisable", oomKillDisable).putIfPresent("PidsLimit", pidsLimit)
        .putIfPresent("Ulimits", ulimits.map(l -> l.stream().map(Ulimit::toJson).toList()))
        .putIfPresent("CgroupnsMode", cgroupnsMode).putIfPresent("OomScoreAdj", oomScoreAdj).putIfPresent("ShmSize", shmSize);
  }

  /** The wire form: the set fields only. */
  public Map<String, Object> toJson() { return fields(Wire.obj()).build(); }

  private static Optional<List<Map<String, Object>>> throttles(Optional<List<ThrottleDevice>> l) {
    return l.map(items -> items.stream().map(ThrottleDevice::toJson).toList());
  }

  private static <T> Optional<T> orEmpty(Optional<T> o) { return o == null ? Optional.empty() : o; }

  private static <T> Optional<List<T>> copyOf(Optional<List<T>> o) { return o == null ? Optional.empty() : o.map(List::copyOf); }

  public static Builder builder() { return new Builder(); }

  /** Sets fields one by one (a command line's flags); unset ones stay empty. Not thread-safe. */
  public static final class Builder {
    private Long cpuShares, memory, nanoCpus, cpuPeriod, cpuQuota, memoryReservation, memorySwap, memorySwappiness,
        pidsLimit, shmSize;
    private Integer blkioWeight, oomScoreAdj;
    private String cgroupParent, cpusetCpus, cpusetMems, cgroupnsMode;
    private Boolean oomKillDisable;
    private List<WeightDevice> blkioWeightDevice;
    private List<ThrottleDevice> readBps, writeBps, readIOps, writeIOps;
    private List<DeviceMapping> devices;
    private List<String> deviceCgroupRules;
    private List<Ulimit> ulimits;

    public Builder cpuShares(long v) { cpuShares = v; return this; }
    public Builder memory(long v) { memory = v; return this; }
    public Builder nanoCpus(long v) { nanoCpus = v; return this; }
    public Builder cgroupParent(String v) { cgroupParent = v; return this; }
    public Builder blkioWeight(int v) { blkioWeight = v; return this; }
    public Builder blkioWeightDevice(List<WeightDevice> v) { blkioWeightDevice = v; return this; }
    public Builder blkioDeviceReadBps(List<ThrottleDevice> v) { readBps = v; return this; }
    public Builder blkioDeviceWriteBps(List<ThrottleDevice> v) { writeBps = v; return this; }
    public Builder blkioDeviceReadIOps(List<ThrottleDevice> v) { readIOps = v; return this; }
    public Builder blkioDeviceWriteIOps(List<ThrottleDevice> v) { writeIOps = v; return this; }
    public Builder cpuPeriod(long v) { cpuPeriod = v; return this; }
    public Builder cpuQuota(long v) { cpuQuota = v; return this; }
    public Builder cpusetCpus(String v) { cpusetCpus = v; return this; }
    public Builder cpusetMems(String v) { cpusetMems = v; return this; }
    public Builder devices(List<DeviceMapping> v) { devices = v; return this; }
    public Builder deviceCgroupRules(List<String> v) { deviceCgroupRules = v; return this; }
    public Builder memoryReservation(long v) { memoryReservation = v; return this; }
    public Builder memorySwap(long v) { memorySwap = v; return this; }
    public Builder memorySwappiness(long v) { memorySwappiness = v; return this; }
    public Builder oomKillDisable(boolean v) { oomKillDisable = v; return this; }
    public Builder pidsLimit(long v) { pidsLimit = v; return this; }
    public Builder ulimits(List<Ulimit> v) { ulimits = v; return this; }
    public Builder cgroupnsMode(String v) { cgroupnsMode = v; return this; }
    public Builder oomScoreAdj(int v) { oomScoreAdj = v; return this; }
    public Builder shmSize(long v) { shmSize = v; return this; }

    public Resources build() {
      return new Resources(o(cpuShares), o(memory), o(nanoCpus), o(cgroupParent), o(blkioWeight), o(blkioWeightDevice),
          o(readBps), o(writeBps), o(readIOps), o(writeIOps), o(cpuPeriod), o(cpuQuota), o(cpusetCpus), o(cpusetMems),
          o(devices), o(deviceCgroupRules), o(memoryReservation), o(memorySwap), o(memorySwappiness), o(oomKillDisable),
          o(pidsLimit), o(ulimits), o(cgroupnsMode), o(oomScoreAdj), o(shmSize));
    }

    private static <T> Optional<T> o(T v) { return Optional.ofNullable(v); }
  }
}
