package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.GoTemplate;
import io.berth.cli.format.NetworkRows;
import io.berth.cli.template.Schema;
import io.berth.client.EngineException;
import io.berth.client.NetworkClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth network inspect}: the daemon's documents as a JSON array (Go's indentation), or one
 * {@code --format} line each; a network not found is reported and the others still printed (status 1).
 */
@Command(name = "inspect", customSynopsis = "berth network inspect [OPTIONS] NETWORK [NETWORK...]",
    description = "Display detailed information on one or more networks")
public final class NetworkInspectCommand extends BerthCommand {
  @Option(names = {"-f", "--format"}, description = "Format output using a custom template:%n'json':             Print in JSON format%n"
      + "'TEMPLATE':         Print output using the given Go template") String format;

  @Option(names = {"-v", "--verbose"}, description = "Verbose output for diagnostics") boolean verbose;

  @Parameters(paramLabel = "NETWORK") List<String> names = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    GroupArgs.check("network", "inspect", "[OPTIONS] NETWORK [NETWORK...]", names, 1, Integer.MAX_VALUE);
    Optional<GoTemplate> template = InspectCommand.template(format);
    NetworkClient networks = cli.client().networks();
    var found = new ArrayList<Map<String, Object>>();
    var errors = new ArrayList<String>();
    for (String name : names) {
      try {
        found.add(networks.inspectDocument(name, verbose));
      } catch (EngineException e) {
        errors.add("Error response from daemon: " + e.getMessage());
      }
    }
    cli.out().print(output(template, found, errors));
    if (!errors.isEmpty()) throw new CommandFailure(ExitCodes.FAILURE, String.join("\n", errors));
    return ExitCodes.OK;
  }

  /** What inspect prints for the documents found (template failures join {@code errors}); shared with {@code inspect}. */
  String output(Optional<GoTemplate> template, List<Map<String, Object>> found, List<String> errors) {
    var printer = new InspectCommand();
    printer.format = format;
    List<Schema> schemas = found.stream().map(d -> NetworkRows.INSPECT).toList();
    return printer.output(template, found, schemas, errors);
  }

  /** As {@link #execute} without a daemon, for tests: stdout, stderr and the status. */
  String[] outputFor(List<Map<String, Object>> docs) {
    return InspectCommand.outputFor(format, docs, d -> NetworkRows.INSPECT);
  }
}
