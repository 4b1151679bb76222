package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.InvalidFlagValue;
import io.berth.client.model.VolumeCreateRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth volume create [OPTIONS] [VOLUME]}: prints the name of the volume the daemon made (or already had). */
@Command(name = "create", customSynopsis = "berth volume create [OPTIONS] [VOLUME]", description = "Create a volume")
public final class VolumeCreateCommand extends BerthCommand {
  @Option(names = {"-d", "--driver"}, description = "Specify volume driver name (default \"local\")") String driver = "local";

  @Option(names = "--name", hidden = true, description = "Specify volume name") String name;

  @Option(names = {"-o", "--opt"}, description = "Set driver specific options (default map[])") List<String> opts = new ArrayList<>();

  @Option(names = "--label", description = "Set metadata for a volume") List<String> labels = new ArrayList<>();

  @Parameters(paramLabel = "VOLUME", hidden = true) List<String> args = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    VolumeCreateRequest request = request();
    cli.out().println(cli.client().volumes().create(request).name());
    return ExitCodes.OK;
  }

  /** The body this command line sends. */
  VolumeCreateRequest request() {
    GroupArgs.check("volume", "create", "[OPTIONS] [VOLUME]", args, 0, 1);
    String volumeName = name == null ? "" : name;
    if (args.size() == 1) {
      if (!volumeName.isEmpty()) {
        throw new CommandFailure(ExitCodes.FAILURE,
            "conflicting options: cannot specify a volume-name through both --name and as a positional arg");
      }
      volumeName = args.getFirst();
    }
    return new VolumeCreateRequest(volumeName, driver, GroupArgs.keyValues(opts), labels());
  }

  /** docker's {@code ValidateLabel} on each, then {@code ConvertKVStringsToMap}. */
  private Map<String, String> labels() {
    var m = new LinkedHashMap<String, String>();
    for (String l : labels) {
      int eq = l.indexOf('=');
      String key = eq < 0 ? l : l.substring(0, eq);
      if (key.strip().isEmpty()) throw new InvalidFlagValue("--label", l, "invalid label '" + l + "': empty name");
      m.put(key, eq < 0 ? "" : l.substring(eq + 1));
    }
    return m;
  }
}
