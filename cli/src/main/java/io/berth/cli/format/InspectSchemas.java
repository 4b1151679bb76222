package io.berth.cli.format;

import io.berth.cli.template.Schema;
import io.berth.cli.template.Schema.Kind;

/**
 * The Go types behind {@code docker inspect}'s documents (moby v28 {@code container.InspectResponse}
 * and {@code image.InspectResponse}), as far as templates can tell them apart: Go maps, slices,
 * pointers, and the {@code omitempty} fields that a typed template reads as zero values.
 */
public final class InspectSchemas {
  private InspectSchemas() {}

  private static final String CONFIG_SLICES = "Env Cmd Entrypoint OnBuild Shell Healthcheck.Test";

  /** Go field names that differ from the JSON names (moby's json tags). */
  private static final String HOST_CONFIG_RENAMES = "Dns=DNS DnsOptions=DNSOptions DnsSearch=DNSSearch CpuShares=CPUShares "
      + "NanoCpus=NanoCPUs CpuPeriod=CPUPeriod CpuQuota=CPUQuota CpuRealtimePeriod=CPURealtimePeriod "
      + "CpuRealtimeRuntime=CPURealtimeRuntime CpuCount=CPUCount CpuPercent=CPUPercent";

  public static final Schema CONTAINER = Schema.builder()
      .renamed("Id=ID " + prefixed("HostConfig.", HOST_CONFIG_RENAMES))
      .struct("State", "Status Running Paused Restarting OOMKilled Dead Pid ExitCode Error StartedAt FinishedAt Health")
      .struct("Config", "Hostname Domainname User AttachStdin AttachStdout AttachStderr ExposedPorts Tty OpenStdin StdinOnce "
          + "Env Cmd Healthcheck ArgsEscaped Image Volumes WorkingDir Entrypoint NetworkDisabled MacAddress OnBuild Labels "
          + "StopSignal StopTimeout Shell")
      .maps(Kind.STRING, "Config.Labels HostConfig.LogConfig.Config HostConfig.Annotations HostConfig.StorageOpt "
          + "HostConfig.Tmpfs HostConfig.Sysctls GraphDriver.Data NetworkSettings.Networks.*.DriverOpts")
      .maps(Kind.STRUCT, "Config.ExposedPorts Config.Volumes")
      .maps(Kind.SLICE, "HostConfig.PortBindings NetworkSettings.Ports")
      .maps(Kind.POINTER, "NetworkSettings.Networks")
      .slices("Args ExecIDs Mounts State.Health.Log " + prefixed("Config.", CONFIG_SLICES)
          + " HostConfig.Binds HostConfig.VolumesFrom HostConfig.ConsoleSize HostConfig.CapAdd HostConfig.CapDrop "
          + "HostConfig.Dns HostConfig.DnsOptions HostConfig.DnsSearch HostConfig.ExtraHosts HostConfig.GroupAdd "
          + "HostConfig.Links HostConfig.SecurityOpt HostConfig.BlkioWeightDevice HostConfig.BlkioDeviceReadBps "
          + "HostConfig.BlkioDeviceWriteBps HostConfig.BlkioDeviceReadIOps HostConfig.BlkioDeviceWriteIOps "
          + "HostConfig.Devices HostConfig.DeviceCgroupRules HostConfig.DeviceRequests HostConfig.Ulimits "
          + "HostConfig.Mounts HostConfig.MaskedPaths HostConfig.ReadonlyPaths NetworkSettings.SecondaryIPAddresses "
          + "NetworkSettings.SecondaryIPv6Addresses NetworkSettings.Networks.*.Links NetworkSettings.Networks.*.Aliases "
          + "NetworkSettings.Networks.*.DNSNames")
      .pointers("State State.Health HostConfig Config Config.Healthcheck Config.StopTimeout HostConfig.MemorySwappiness "
          + "HostConfig.OomKillDisable HostConfig.PidsLimit HostConfig.Init NetworkSettings NetworkSettings.Networks.* "
          + "NetworkSettings.Networks.*.IPAMConfig SizeRw SizeRootFs ImageManifestDescriptor")
      .omitted("", "Config.MacAddress Config.StopSignal HostConfig.Runtime Mounts.[].Type Mounts.[].Name Mounts.[].Driver")
      .omitted(false, "Config.ArgsEscaped Config.NetworkDisabled")
      .omitted(0L, "HostConfig.KernelMemory HostConfig.KernelMemoryTCP")
      .omitted(null, "Config.ExposedPorts Config.Healthcheck Config.StopTimeout Config.Shell State.Health "
          + "HostConfig.Annotations HostConfig.StorageOpt HostConfig.Tmpfs HostConfig.Sysctls HostConfig.Mounts "
          + "HostConfig.Init SizeRw SizeRootFs ImageManifestDescriptor")
      .build();

  public static final Schema IMAGE = Schema.builder()
      .renamed("Id=ID")
      .maps(Kind.STRING, "Config.Labels ContainerConfig.Labels GraphDriver.Data")
      .maps(Kind.STRUCT, "Config.ExposedPorts Config.Volumes ContainerConfig.ExposedPorts ContainerConfig.Volumes")
      .slices("RepoTags RepoDigests RootFS.Layers Manifests " + prefixed("Config.", CONFIG_SLICES) + " "
          + prefixed("ContainerConfig.", CONFIG_SLICES))
      .pointers("ContainerConfig Config Config.Healthcheck ContainerConfig.Healthcheck ContainerConfig.StopTimeout Descriptor")
      .omitted("", "Created Container Variant OsVersion Config.User Config.WorkingDir Config.StopSignal "
          + "ContainerConfig.MacAddress ContainerConfig.StopSignal")
      .omitted(false, "Config.ArgsEscaped ContainerConfig.ArgsEscaped ContainerConfig.NetworkDisabled")
      .omitted(0L, "VirtualSize")
      .omitted(null, "ContainerConfig Descriptor Manifests RootFS.Layers Config.ExposedPorts Config.Env Config.Entrypoint "
          + "Config.Cmd Config.Volumes Config.Labels Config.Healthcheck Config.OnBuild Config.Shell "
          + "ContainerConfig.ExposedPorts ContainerConfig.Healthcheck ContainerConfig.StopTimeout ContainerConfig.Shell")
      .build();

  private static String prefixed(String prefix, String fields) {
    return prefix + fields.replace(" ", " " + prefix);
  }
}
