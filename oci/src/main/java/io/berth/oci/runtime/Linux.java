package io.berth.oci.runtime;

import static io.berth.oci.runtime.OptionalJson.list;
import static io.berth.oci.runtime.OptionalJson.map;
import static io.berth.oci.runtime.OptionalJson.opt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Linux-specific configuration (config-linux.md). {@code devices} lists device nodes the runtime
 * creates in addition to its defaults ({@code /dev/null}, {@code zero}, {@code full}, {@code random},
 * {@code urandom}, {@code tty}); {@code resources.devices} is the device-cgroup allow-list.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"namespaces", "devices", "cgroupsPath", "resources", "rootfsPropagation", "seccomp", "sysctl",
    "maskedPaths", "readonlyPaths"})
public record Linux(
    List<Namespace> namespaces,
    List<Device> devices,
    @JsonOptional Optional<String> cgroupsPath,
    @JsonOptional Optional<Resources> resources,
    @JsonOptional Optional<String> rootfsPropagation,
    @JsonOptional Optional<Seccomp> seccomp,
    Map<String, String> sysctl,
    List<String> maskedPaths,
    List<String> readonlyPaths) {

  public Linux {
    namespaces = list(namespaces);
    devices = list(devices);
    cgroupsPath = opt(cgroupsPath);
    resources = opt(resources);
    rootfsPropagation = opt(rootfsPropagation);
    seccomp = opt(seccomp);
    sysctl = map(sysctl);
    maskedPaths = list(maskedPaths);
    readonlyPaths = list(readonlyPaths);
  }

  public Linux withSeccomp(Optional<Seccomp> newSeccomp) {
    return new Linux(namespaces, devices, cgroupsPath, resources, rootfsPropagation, newSeccomp, sysctl, maskedPaths,
        readonlyPaths);
  }

  public Linux withResources(Resources newResources) {
    return new Linux(namespaces, devices, cgroupsPath, Optional.of(newResources), rootfsPropagation, seccomp, sysctl,
        maskedPaths, readonlyPaths);
  }
}
