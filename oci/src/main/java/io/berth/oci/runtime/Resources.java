package io.berth.oci.runtime;

import static io.berth.oci.runtime.OptionalJson.list;
import static io.berth.oci.runtime.OptionalJson.opt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Optional;

/**
 * Cgroup resource settings (config-linux.md "Control groups"). Only the device allow-list is filled by
 * spec generation today; memory, cpu, pids and blockIO carry the most used knobs and are absent unless
 * a limit was asked for. Absent values leave the runtime's (kernel's) default.
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

  /** Block I/O weight (10-1000). Per-device weights and throttles are not modelled yet. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record BlockIO(@JsonOptional Optional<Integer> weight) {
    public BlockIO {
      weight = opt(weight);
    }
  }
}
