package io.berth.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
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
}
