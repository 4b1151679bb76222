package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.GoTemplate;
import io.berth.cli.format.VolumeRows;
import io.berth.cli.template.Schema;
import io.berth.client.EngineException;
import io.berth.client.VolumeClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth volume inspect}: the daemon's documents as a JSON array (Go's indentation), or one
 * {@code --format} line each; a volume not found is reported and the others still printed (status 1).
 */
@Command(name = "inspect", customSynopsis = "berth volume inspect [OPTIONS] VOLUME [VOLUME...]",
    description = "Display detailed information on one or more volumes")
public final class VolumeInspectCommand extends BerthCommand {
  @Option(names = {"-f", "--format"}, description = "Format output using a custom template:%n'json':             Print in JSON format%n"
      + "'TEMPLATE':         Print output using the given Go template") String format;

  @Parameters(paramLabel = "VOLUME") List<String> names = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    GroupArgs.check("volume", "inspect", "[OPTIONS] VOLUME [VOLUME...]", names, 1, Integer.MAX_VALUE);
    Optional<GoTemplate> template = InspectCommand.template(format);
    VolumeClient volumes = cli.client().volumes();
    var found = new ArrayList<Map<String, Object>>();
    var errors = new ArrayList<String>();
    for (String name : names) {
      try {
        found.add(goOrder(volumes.inspectDocument(name)));
      } catch (EngineException e) {
        errors.add("Error response from daemon: " + e.getMessage());
      }
    }
    cli.out().print(output(template, found, errors));
    if (!errors.isEmpty()) throw new CommandFailure(ExitCodes.FAILURE, String.join("\n", errors));
    return ExitCodes.OK;
  }

  /**
   * The document as docker prints it after decoding it into moby's {@code volume.Volume}: the
   * struct's fields keep their order, its maps ({@code Labels}, {@code Options}, {@code Status})
   * come out with sorted keys whatever order the daemon used.
   */
  static Map<String, Object> goOrder(Map<String, Object> doc) {
    var out = new java.util.LinkedHashMap<String, Object>();
    doc.forEach((k, v) -> out.put(k, switch (k) {
      case "Labels", "Options", "Status" -> sorted(v);
      default -> v;
    }));
    return out;
  }

  private static Object sorted(Object v) {
    if (!(v instanceof Map<?, ?> m)) return v;
    var out = new java.util.TreeMap<String, Object>();
    m.forEach((k, val) -> out.put((String) k, sorted(val)));
    return out;
  }

  /** What inspect prints for the documents found (template failures join {@code errors}); shared with {@code inspect}. */
  String output(Optional<GoTemplate> template, List<Map<String, Object>> found, List<String> errors) {
    var printer = new InspectCommand();
    printer.format = format;
    List<Schema> schemas = found.stream().map(d -> VolumeRows.INSPECT).toList();
    return printer.output(template, found, schemas, errors);
  }

  /** As {@link #execute} without a daemon, for tests: stdout, stderr and the status. */
  String[] outputFor(List<Map<String, Object>> docs) {
    return InspectCommand.outputFor(format, docs, d -> VolumeRows.INSPECT);
  }
}
