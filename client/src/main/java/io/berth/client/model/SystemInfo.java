package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.client.json.JsonFields;
import java.util.List;
import java.util.Map;

/** {@code GET /info}, the fields {@code berth info} prints. */
public record SystemInfo(
    @JsonProperty("ID") String id, int containers, int containersRunning, int containersPaused,
    int containersStopped, int images, String driver, List<List<String>> driverStatus,
    @JsonProperty("DockerRootDir") String dockerRootDir, String loggingDriver, String cgroupDriver,
    String cgroupVersion, String kernelVersion, String operatingSystem,
    @JsonProperty("OSVersion") String osVersion, @JsonProperty("OSType") String osType,
    String architecture, @JsonProperty("NCPU") int ncpu, long memTotal, String name,
    List<String> labels, String serverVersion, String defaultRuntime,
    Map<String, Object> runtimes, List<String> securityOptions, List<String> warnings,
    boolean experimentalBuild, boolean liveRestoreEnabled) {
  public SystemInfo {
    id = Zero.str(id);
    driver = Zero.str(driver);
    driverStatus = Zero.list(driverStatus);
    dockerRootDir = Zero.str(dockerRootDir);
    loggingDriver = Zero.str(loggingDriver);
    cgroupDriver = Zero.str(cgroupDriver);
    cgroupVersion = Zero.str(cgroupVersion);
    kernelVersion = Zero.str(kernelVersion);
    operatingSystem = Zero.str(operatingSystem);
    osVersion = Zero.str(osVersion);
    osType = Zero.str(osType);
    architecture = Zero.str(architecture);
    name = Zero.str(name);
    labels = Zero.list(labels);
    serverVersion = Zero.str(serverVersion);
    defaultRuntime = Zero.str(defaultRuntime);
    runtimes = Zero.map(runtimes);
    securityOptions = Zero.list(securityOptions);
    warnings = Zero.list(warnings);
  }

  public static SystemInfo fromJson(JsonFields f) {
    return new SystemInfo(f.string("ID"), f.integer("Containers"), f.integer("ContainersRunning"), f.integer("ContainersPaused"),
        f.integer("ContainersStopped"), f.integer("Images"), f.string("Driver"), f.stringLists("DriverStatus"),
        f.string("DockerRootDir"), f.string("LoggingDriver"), f.string("CgroupDriver"), f.string("CgroupVersion"),
        f.string("KernelVersion"), f.string("OperatingSystem"), f.string("OSVersion"), f.string("OSType"),
        f.string("Architecture"), f.integer("NCPU"), f.longValue("MemTotal"), f.string("Name"), f.strings("Labels"),
        f.string("ServerVersion"), f.string("DefaultRuntime"), f.objectMap("Runtimes"), f.strings("SecurityOptions"),
        f.strings("Warnings"), f.bool("ExperimentalBuild"), f.bool("LiveRestoreEnabled"));
  }

  /** The wire form, as {@code info --format} sees it (fields in declaration order, map keys sorted). */
  public Map<String, Object> toJson() {
    return Wire.obj().put("ID", id).put("Containers", containers).put("ContainersRunning", containersRunning)
        .put("ContainersPaused", containersPaused).put("ContainersStopped", containersStopped).put("Images", images)
        .put("Driver", driver).put("DriverStatus", driverStatus).put("DockerRootDir", dockerRootDir)
        .put("LoggingDriver", loggingDriver).put("CgroupDriver", cgroupDriver).put("CgroupVersion", cgroupVersion)
        .put("KernelVersion", kernelVersion).put("OperatingSystem", operatingSystem).put("OSVersion", osVersion)
        .put("OSType", osType).put("Architecture", architecture).put("NCPU", ncpu).put("MemTotal", memTotal)
        .put("Name", name).put("Labels", labels).put("ServerVersion", serverVersion).put("DefaultRuntime", defaultRuntime)
        .putSorted("Runtimes", runtimes).put("SecurityOptions", securityOptions).put("Warnings", warnings)
        .put("ExperimentalBuild", experimentalBuild).put("LiveRestoreEnabled", liveRestoreEnabled).build();
  }
}
