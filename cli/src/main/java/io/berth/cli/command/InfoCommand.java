package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.Main;
import io.berth.cli.format.GoTemplate;
import io.berth.cli.format.Units;
import io.berth.client.model.SystemInfo;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth info}: docker's "Client:"/"Server:" layout for the fields berthd reports. */
@Command(name = "info", customSynopsis = "berth info [OPTIONS]", description = "Display system-wide information")
public final class InfoCommand extends BerthCommand {
  @Option(names = {"-f", "--format"}, description = "Format output using a custom template") String format;

  @Override protected int execute(Cli cli) {
    SystemInfo info = cli.client().info();
    if (format != null) {
      cli.out().println(GoTemplate.parse(format).execute(info.toJson()));
      return ExitCodes.OK;
    }
    var o = cli.out();
    o.println("Client:");
    o.println(" Version:    " + Main.VERSION);
    o.println(" Context:    default");
    o.println(" Debug Mode: " + cli.debug());
    o.println();
    o.println("Server:");
    o.println(" Containers: " + info.containers());
    o.println("  Running: " + info.containersRunning());
    o.println("  Paused: " + info.containersPaused());
    o.println("  Stopped: " + info.containersStopped());
    o.println(" Images: " + info.images());
    o.println(" Server Version: " + info.serverVersion());
    o.println(" Storage Driver: " + info.driver());
    for (List<String> kv : info.driverStatus()) {
      if (kv.size() == 2) o.println("  " + kv.get(0) + ": " + kv.get(1));
    }
    o.println(" Logging Driver: " + info.loggingDriver());
    o.println(" Cgroup Driver: " + info.cgroupDriver());
    o.println(" Cgroup Version: " + info.cgroupVersion());
    if (!info.runtimes().isEmpty()) o.println(" Runtimes: " + String.join(" ", new java.util.TreeSet<>(info.runtimes().keySet())));
    o.println(" Default Runtime: " + info.defaultRuntime());
    if (!info.securityOptions().isEmpty()) {
      o.println(" Security Options:");
      info.securityOptions().forEach(s -> o.println("  " + s.replaceFirst("^name=", "")));
    }
    o.println(" Kernel Version: " + info.kernelVersion());
    o.println(" Operating System: " + info.operatingSystem());
    o.println(" OSType: " + info.osType());
    o.println(" Architecture: " + info.architecture());
    o.println(" CPUs: " + info.ncpu());
    o.println(" Total Memory: " + Units.bytesSize(info.memTotal()));
    o.println(" Name: " + info.name());
    o.println(" ID: " + info.id());
    o.println(" Docker Root Dir: " + info.dockerRootDir());
    o.println(" Debug Mode: false");
    o.println(" Experimental: " + info.experimentalBuild());
    if (!info.labels().isEmpty()) {
      o.println(" Labels:");
      info.labels().forEach(l -> o.println("  " + l));
    }
    o.println(" Live Restore Enabled: " + info.liveRestoreEnabled());
    if (!info.warnings().isEmpty()) {
      o.println();
      info.warnings().forEach(w -> cli.err().println(w));
    }
    return ExitCodes.OK;
  }
}
