package io.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.container.ResourceLimits;
import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the resource fields of a {@code HostConfig} (create) or an update body into
 * {@link ResourceLimits}; types are checked as Go's JSON decoder checks them in dockerd (a string
 * where a number belongs is a 400 naming the field). Values are validated later, against the host,
 * by {@code ResourceChecks}.
 */
final class ResourceRequests {
  private ResourceRequests() {}

  static ResourceLimits parse(JsonNode h) {
    return new ResourceLimits(num(h, "Memory"), num(h, "MemorySwap"), num(h, "MemoryReservation"),
        optNum(h, "MemorySwappiness"), optBool(h, "OomKillDisable"), num(h, "NanoCpus"), num(h, "CpuShares"),
        num(h, "CpuPeriod"), num(h, "CpuQuota"), str(h, "CpusetCpus"), str(h, "CpusetMems"), optNum(h, "PidsLimit"),
        (int) num(h, "BlkioWeight"),
        list(h, "BlkioWeightDevice", d -> new ResourceLimits.WeightDevice(str(d, "Path"), (int) num(d, "Weight"))),
        throttles(h, "BlkioDeviceReadBps"), throttles(h, "BlkioDeviceWriteBps"), throttles(h, "BlkioDeviceReadIOps"),
        throttles(h, "BlkioDeviceWriteIOps"),
        list(h, "Devices", d -> new ResourceLimits.DeviceMapping(str(d, "PathOnHost"), str(d, "PathInContainer"),
            str(d, "CgroupPermissions"))),
        CreateRequests.strings(h.get("DeviceCgroupRules")).orElse(List.of()),
        list(h, "Ulimits", u -> new ResourceLimits.Ulimit(str(u, "Name"), num(u, "Soft"), num(u, "Hard"))),
        num(h, "ShmSize"), (int) num(h, "OomScoreAdj"), str(h, "CgroupParent"), str(h, "CgroupnsMode"));
  }

  /** The resource part of {@code POST /containers/{id}/update}; absent or zero fields keep their value. */
  static ResourceLimits.Update parseUpdate(JsonNode b) {
    return new ResourceLimits.Update(nonZero(b, "Memory"), nonZero(b, "MemorySwap"), nonZero(b, "MemoryReservation"),
        nonZero(b, "NanoCpus"), nonZero(b, "CpuShares"), nonZero(b, "CpuPeriod"), nonZero(b, "CpuQuota"),
        Optional.of(str(b, "CpusetCpus")).filter(s -> !s.isEmpty()),
        Optional.of(str(b, "CpusetMems")).filter(s -> !s.isEmpty()), optNum(b, "PidsLimit").filter(v -> v != 0),
        nonZero(b, "BlkioWeight").map(Long::intValue));
  }

  private static Optional<Long> nonZero(JsonNode n, String field) {
    long v = num(n, field);
    return v == 0 ? Optional.empty() : Optional.of(v);
  }

  private static List<ResourceLimits.ThrottleDevice> throttles(JsonNode h, String field) {
    return list(h, field, d -> new ResourceLimits.ThrottleDevice(str(d, "Path"), num(d, "Rate")));
  }

  private static <T> List<T> list(JsonNode h, String field, Function<JsonNode, T> item) {
    JsonNode n = h.get(field);
    if (n == null || n.isNull()) return List.of();
    if (!n.isArray()) throw typeError(n, field, "[]");
    List<T> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isObject()) throw typeError(e, field, "struct");
      out.add(item.apply(e));
    }
    return out;
  }

  static long num(JsonNode n, String field) {
    return optNum(n, field).orElse(0L);
  }

  private static Optional<Long> optNum(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) return Optional.empty();
    if (!v.isIntegralNumber() || !v.canConvertToLong()) throw typeError(v, field, "int64");
    return Optional.of(v.asLong());
  }

  private static Optional<Boolean> optBool(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) return Optional.empty();
    if (!v.isBoolean()) throw typeError(v, field, "bool");
    return Optional.of(v.asBoolean());
  }

  private static String str(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) return "";
    if (!v.isTextual()) throw typeError(v, field, "string");
    return v.asText();
  }

  /** Go's encoding/json wording, as dockerd answers a body with a wrong type. */
  private static BerthException typeError(JsonNode v, String field, String goType) {
    String kind = v.isTextual() ? "string" : v.isNumber() ? "number " + v.asText() : v.isBoolean() ? "bool"
        : v.isArray() ? "array" : v.isObject() ? "object" : "value";
    return BerthException.invalid("json: cannot unmarshal %s into Go struct field .%s of type %s", kind, field, goType);
  }
}
