package io.berth.oci.runtime;

import static io.berth.oci.runtime.OptionalJson.list;
import static io.berth.oci.runtime.OptionalJson.map;
import static io.berth.oci.runtime.OptionalJson.opt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A bundle's {@code config.json} (config.md). {@code process} and {@code root} are required here
 * although the specification lets {@code root} be absent: every config Berth writes or reads has both.
 * Mount order matters: runtimes mount in list order.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"ociVersion", "process", "root", "hostname", "domainname", "mounts", "linux", "annotations"})
public record Spec(
    String ociVersion,
    Process process,
    Root root,
    @JsonOptional Optional<String> hostname,
    @JsonOptional Optional<String> domainname,
    List<Mount> mounts,
    @JsonOptional Optional<Linux> linux,
    Map<String, String> annotations) {

  /** The runtime-spec version Berth writes; runc 1.1 implements 1.0.2, which this model is a subset of. */
  public static final String VERSION = "1.0.2";

  public Spec {
    OptionalJson.required(ociVersion, "ociVersion");
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(root, "root");
    hostname = opt(hostname);
    domainname = opt(domainname);
    mounts = list(mounts);
    linux = opt(linux);
    annotations = map(annotations);
  }

  public Spec withMounts(List<Mount> newMounts) {
    return new Spec(ociVersion, process, root, hostname, domainname, newMounts, linux, annotations);
  }

  public Spec withProcess(Process newProcess) {
    return new Spec(ociVersion, newProcess, root, hostname, domainname, mounts, linux, annotations);
  }

  public Spec withLinux(Linux newLinux) {
    return new Spec(ociVersion, process, root, hostname, domainname, mounts, Optional.of(newLinux), annotations);
  }
}
