package io.berth.cli.compose;

import io.berth.cli.ExitCodes;
import io.berth.compose.converge.Labels;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code berth compose version}: needs no project nor daemon. */
@Command(name = "version", customSynopsis = "berth compose version [OPTIONS]", description = "Show the Docker Compose version information")
final class VersionCommand implements Callable<Integer> {
  @ParentCommand ComposeCommand compose;
  @Option(names = "--short", description = "Shows only Compose's version number") boolean shortForm;
  @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format the output. Values: [pretty | json]") String format = "pretty";
  @Option(names = "--help", usageHelp = true, description = "Print usage") boolean help;

  @Override public Integer call() {
    String v = "v" + Labels.COMPOSE_VERSION + "-berth";
    var out = compose.cli().out();
    if (shortForm) out.println(v.substring(1));
    else if (format.equals("json")) out.println("{\"version\":\"" + v + "\"}");
    else out.println("Berth Compose version " + v);
    return ExitCodes.OK;
  }
}
