package io.berth.oci.runtime;

import static io.berth.oci.runtime.OptionalJson.opt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.berth.oci.errors.BerthException;
import java.util.Optional;

/**
 * One device-cgroup rule (config-linux.md "Allowed Device List"). Absent {@code type}, {@code major} or
 * {@code minor} mean "all" ({@code a}, {@code *}); {@code access} is a subset of {@code rwm}. Rules apply
 * in order, so the usual list starts with a deny-all.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"allow", "type", "major", "minor", "access"})
public record DeviceCgroup(boolean allow, @JsonOptional Optional<String> type, @JsonOptional Optional<Long> major,
    @JsonOptional Optional<Long> minor, @JsonOptional Optional<String> access) {
  public DeviceCgroup {
    type = opt(type);
    major = opt(major);
    minor = opt(minor);
    access = opt(access);
    type.ifPresent(t -> {
      if (!t.matches("[acb]")) throw BerthException.invalid("invalid device cgroup type: %s", t);
    });
    access.ifPresent(a -> {
      if (!a.matches("r?w?m?")) throw BerthException.invalid("invalid device cgroup access: %s", a);
    });
  }

  /** Deny everything ({@code a *:* rwm}). */
  public static DeviceCgroup denyAll() {
    return new DeviceCgroup(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("rwm"));
  }

  /** Allow everything ({@code a *:* rwm}), as for privileged containers. */
  public static DeviceCgroup allowAll() {
    return new DeviceCgroup(true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("rwm"));
  }

  /** Allow {@code type major:minor access}; an empty major or minor is the {@code *} wildcard. */
  public static DeviceCgroup allow(String type, Optional<Long> major, Optional<Long> minor, String access) {
    return new DeviceCgroup(true, Optional.of(type), major, minor, Optional.of(access));
  }
}
