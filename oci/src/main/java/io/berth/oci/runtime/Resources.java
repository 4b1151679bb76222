package io.berth.oci.runtime;

import static io.berth.oci.runtime.OptionalJson.list;
import static io.berth.oci.runtime.OptionalJson.opt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Optional;

/**
 * Cgroup resource settings (config-linux.md "Control groups"): the device allow-list, and memory,
 * cpu, pids and blockIO, each absent unless a limit was asked for. Absent values leave the runtime's
 * (kernel's) default.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"devices", "memory", "cpu", "pids", "blockIO"})
public record Resources(
    List<DeviceCgroup> devices,
    @JsonOptional Optional<Memory> memory,
    @JsonOptional Optional<Cpu> cpu,
    @JsonOptional Optional<Pids> pids,
    @JsonOptional Optional<BlockIO> blockIO) {

  public Resources {
    devices = list(devices);
    memory = opt(memory);
    cpu = opt(cpu);
    pids = opt(pids);
    blockIO = opt(blockIO);
  }

  public static Resources devicesOnly(List<DeviceCgroup> devices) {
    return new Resources(devices, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Memory limits in bytes; {@code swap} is memory+swap as in the spec; -1 means unlimited. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"limit", "reservation", "swap", "swappiness", "disableOOMKiller"})
  public record Memory(@JsonOptional Optional<Long> limit, @JsonOptional Optional<Long> reservation,
      @JsonOptional Optional<Long> swap, @JsonOptional Optional<Long> swappiness,
      @JsonOptional Optional<Boolean> disableOOMKiller) {
    public Memory {
      limit = opt(limit);
      reservation = opt(reservation);
      swap = opt(swap);
      swappiness = opt(swappiness);
      disableOOMKiller = opt(disableOOMKiller);
    }
  }

  /** CPU shares, CFS quota/period (microseconds) and cpuset strings ({@code "0-1"}). */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"shares", "quota", "period", "cpus", "mems"})
  public record Cpu(@JsonOptional Optional<Long> shares, @JsonOptional Optional<Long> quota,
      @JsonOptional Optional<Long> period, @JsonOptional Optional<String> cpus, @JsonOptional Optional<String> mems) {
    public Cpu {
      shares = opt(shares);
      quota = opt(quota);
      period = opt(period);
      cpus = opt(cpus);
      mems = opt(mems);
    }
  }

  /** The maximum number of tasks; 0 or -1 means unlimited. */
  public record Pids(long limit) {}

  /**
   * Block I/O: the weight (10-1000), per-device weights, and per-device throttles in bytes/s or
   * IO/s (config-linux.md "Block IO").
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"weight", "weightDevice", "throttleReadBpsDevice", "throttleWriteBpsDevice",
      "throttleReadIOPSDevice", "throttleWriteIOPSDevice"})
  public record BlockIO(@JsonOptional Optional<Integer> weight, List<WeightDevice> weightDevice,
      List<ThrottleDevice> throttleReadBpsDevice, List<ThrottleDevice> throttleWriteBpsDevice,
      @JsonProperty("throttleReadIOPSDevice") List<ThrottleDevice> throttleReadIOPSDevice,
      @JsonProperty("throttleWriteIOPSDevice") List<ThrottleDevice> throttleWriteIOPSDevice) {
    public BlockIO {
      weight = opt(weight);
      weightDevice = list(weightDevice);
      throttleReadBpsDevice = list(throttleReadBpsDevice);
      throttleWriteBpsDevice = list(throttleWriteBpsDevice);
      throttleReadIOPSDevice = list(throttleReadIOPSDevice);
      throttleWriteIOPSDevice = list(throttleWriteIOPSDevice);
    }

    public BlockIO(Optional<Integer> weight) {
      this(weight, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
      return weight.isEmpty() && weightDevice.isEmpty() && throttleReadBpsDevice.isEmpty()
          && throttleWriteBpsDevice.isEmpty() && throttleReadIOPSDevice.isEmpty() && throttleWriteIOPSDevice.isEmpty();
    }
  }

  /** A block device's weight. */
  public record WeightDevice(long major, long minor, int weight) {}

  /** A block device's rate limit. */
  public record ThrottleDevice(long major, long minor, long rate) {}
}
