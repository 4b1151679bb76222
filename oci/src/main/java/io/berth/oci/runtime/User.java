package io.berth.oci.runtime;

import static io.berth.oci.runtime.OptionalJson.list;
import static io.berth.oci.runtime.OptionalJson.opt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.berth.oci.errors.BerthException;
import java.util.List;
import java.util.Optional;

/** The process's numeric identity in the container (config.md "User", POSIX platforms). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"uid", "gid", "umask", "additionalGids"})
public record User(long uid, long gid, @JsonOptional Optional<Integer> umask, List<Long> additionalGids) {
  public User {
    if (uid < 0 || uid > 0xFFFF_FFFFL) throw BerthException.invalid("uid out of range: %d", uid);
    if (gid < 0 || gid > 0xFFFF_FFFFL) throw BerthException.invalid("gid out of range: %d", gid);
    umask = opt(umask);
    additionalGids = list(additionalGids);
  }

  public User(long uid, long gid, List<Long> additionalGids) {
    this(uid, gid, Optional.empty(), additionalGids);
  }

  public static User root() { return new User(0, 0, List.of()); }
}
