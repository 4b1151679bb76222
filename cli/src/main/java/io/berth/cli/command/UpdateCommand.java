package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.client.EngineException;
import io.berth.client.model.Resources;
import io.berth.client.model.RestartPolicy;
import io.berth.client.model.UpdateRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth update}: change the limits (and restart policy) of containers, as docker 28's
 * {@code runUpdate}: each container that took the change is printed as named; the daemon's
 * warnings follow on standard output, one per line; then the errors, one per line, and status 1
 * if any container failed (the others are still updated).
 */
@Command(name = "update", customSynopsis = "berth update [OPTIONS] CONTAINER [CONTAINER...]",
    description = "Update configuration of one or more containers")
public final class UpdateCommand extends BerthCommand {
  @Option(names = "--blkio-weight", paramLabel = "uint16", description = "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)") String blkioWeight;
  @Option(names = "--cpu-period", paramLabel = "int", description = "Limit CPU CFS (Completely Fair Scheduler) period") String cpuPeriod;
  @Option(names = "--cpu-quota", paramLabel = "int", description = "Limit CPU CFS (Completely Fair Scheduler) quota") String cpuQuota;
  @Option(names = {"-c", "--cpu-shares"}, paramLabel = "int", description = "CPU shares (relative weight)") String cpuShares;
  @Option(names = "--cpus", paramLabel = "decimal", description = "Number of CPUs") String cpus;
  @Option(names = "--cpuset-cpus", paramLabel = "string", description = "CPUs in which to allow execution (0-3, 0,1)") String cpusetCpus;
  @Option(names = "--cpuset-mems", paramLabel = "string", description = "MEMs in which to allow execution (0-3, 0,1)") String cpusetMems;
  @Option(names = {"-m", "--memory"}, paramLabel = "bytes", description = "Memory limit") String memory;
  @Option(names = "--memory-reservation", paramLabel = "bytes", description = "Memory soft limit") String memoryReservation;
  @Option(names = "--memory-swap", paramLabel = "bytes", description = "Swap limit equal to memory plus swap: -1 to enable unlimited swap") String memorySwap;
  @Option(names = "--pids-limit", paramLabel = "int", description = "Tune container pids limit (set -1 for unlimited)") String pidsLimit;
  @Option(names = "--restart", paramLabel = "string", description = "Restart policy to apply when a container exits") String restart;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

  /**
   * The body sent for these flags. No flag at all is docker's error; {@code --pids-limit 0} is
   * "unchanged" (docker sends no PidsLimit for 0), every other given value is sent.
   */
  public UpdateRequest request() {
    var b = Resources.builder();
    boolean any = false;
    if (blkioWeight != null) {
      any = true;
      b.blkioWeight((int) (long) ResourceOptions.flag("--blkio-weight", blkioWeight, v -> ResourceFlags.parseUint(v, 16)));
    }
    if (cpuPeriod != null) {
      any = true;
      b.cpuPeriod(ResourceOptions.flag("--cpu-period", cpuPeriod, v -> ResourceFlags.parseInt(v, 64)));
    }
    if (cpuQuota != null) {
      any = true;
      b.cpuQuota(ResourceOptions.flag("--cpu-quota", cpuQuota, v -> ResourceFlags.parseInt(v, 64)));
    }
    if (cpuShares != null) {
      any = true;
      b.cpuShares(ResourceOptions.flag("-c, --cpu-shares", cpuShares, v -> ResourceFlags.parseInt(v, 64)));
    }
    if (cpus != null) {
      any = true;
      b.nanoCpus(ResourceOptions.flag("--cpus", cpus, ResourceFlags::nanoCpus));
    }
    if (cpusetCpus != null) {
      any = true;
      b.cpusetCpus(cpusetCpus);
    }
    if (cpusetMems != null) {
      any = true;
      b.cpusetMems(cpusetMems);
    }
    if (memory != null) {
      any = true;
      b.memory(ResourceOptions.flag("-m, --memory", memory, ResourceFlags::ramInBytes));
    }
    if (memoryReservation != null) {
      any = true;
      b.memoryReservation(ResourceOptions.flag("--memory-reservation", memoryReservation, ResourceFlags::ramInBytes));
    }
    if (memorySwap != null) {
      any = true;
      b.memorySwap(ResourceOptions.flag("--memory-swap", memorySwap, ResourceFlags::memorySwap));
    }
    if (pidsLimit != null) {
      any = true;
      long pids = ResourceOptions.flag("--pids-limit", pidsLimit, v -> ResourceFlags.parseInt(v, 64));
      if (pids != 0) b.pidsLimit(pids);
    }
    if (restart != null) any = true;
    if (!any) throw new CommandFailure(ExitCodes.FAILURE, "you must provide one or more flags when using this command");
    return new UpdateRequest(b.build(), restartPolicy(restart));
  }

  /** docker's {@code opts.ParseRestartPolicy}; "" leaves the policy as it is. */
  static Optional<RestartPolicy> restartPolicy(String policy) {
    if (policy == null || policy.isEmpty()) return Optional.empty();
    int colon = policy.indexOf(':');
    String name = colon < 0 ? policy : policy.substring(0, colon);
    String count = colon < 0 ? "" : policy.substring(colon + 1);
    if (colon == 0) throw new CommandFailure(ExitCodes.FAILURE, "invalid restart policy format: no policy provided before colon");
    int max = 0;
    if (!count.isEmpty()) {
      try {
        // Go's strconv.Atoi: decimal, optional sign
        if (!count.matches("[+-]?[0-9]+")) throw new NumberFormatException(count);
        max = Integer.parseInt(count.startsWith("+") ? count.substring(1) : count);
      } catch (NumberFormatException e) {
        throw new CommandFailure(ExitCodes.FAILURE, "invalid restart policy format: maximum retry count must be an integer");
      }
    }
    return Optional.of(new RestartPolicy(name, max));
  }

  @Override protected int execute(Cli cli) {
    UpdateRequest request = request();
    var warnings = new ArrayList<String>();
    var errors = new ArrayList<String>();
    for (String ref : containers) {
      try {
        warnings.addAll(cli.client().update(ref, request));
        cli.out().println(ref);
      } catch (EngineException e) {
        errors.add("Error response from daemon: " + e.getMessage());
      }
    }
    if (!warnings.isEmpty()) cli.out().println(String.join("\n", warnings));
    if (!errors.isEmpty()) throw new CommandFailure(ExitCodes.FAILURE, String.join("\n", errors));
    return ExitCodes.OK;
  }
}
