package io.berth.oci.runtime;

import static io.berth.oci.runtime.OptionalJson.opt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.berth.oci.errors.BerthException;
import java.util.Optional;

/** A device node the runtime creates in the container (config-linux.md "Devices"); type c, b, u or p. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"path", "type", "major", "minor", "fileMode", "uid", "gid"})
public record Device(String path, String type, long major, long minor, @JsonOptional Optional<Integer> fileMode,
    @JsonOptional Optional<Long> uid, @JsonOptional Optional<Long> gid) {
  public Device {
    OptionalJson.required(path, "device path");
    if (!type.matches("[cbup]")) throw BerthException.invalid("invalid device type %s for %s", type, path);
    fileMode = opt(fileMode);
    uid = opt(uid);
    gid = opt(gid);
  }
}
