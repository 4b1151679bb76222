package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.TabWriter;
import io.berth.client.model.TopResponse;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth top CONTAINER [ps OPTIONS]}: the host's ps rows of the container's processes. */
@Command(name = "top", customSynopsis = "berth top CONTAINER [ps OPTIONS]",
    description = "Display the running processes of a container")
public final class TopCommand extends BerthCommand {
  @Parameters(index = "0", paramLabel = "CONTAINER") String container;

  /** Everything after the container goes to ps (Main stops option parsing at the first positional). */
  @Parameters(index = "1..*", paramLabel = "ps OPTIONS") List<String> psArgs = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    TopResponse top = cli.client().topContainer(container, psArgs);
    cli.out().print(render(top));
    return ExitCodes.OK;
  }

  /** docker: {@code tabwriter.NewWriter(out, 20, 1, 3, ' ', 0)}. */
  static String render(TopResponse top) {
    TabWriter w = new TabWriter(20, 3);
    w.row(top.titles().toArray(String[]::new));
    for (List<String> p : top.processes()) w.row(p.toArray(String[]::new));
    return w.render();
  }
}
