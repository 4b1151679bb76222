package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.client.model.StoreCheckReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth system check [--repair]} (Berth's own; Engine API extension {@code POST /berth/check}):
 * one line per problem, then a summary; exit status 1 when problems remain.
 */
@Command(name = "check", customSynopsis = "berth system check [OPTIONS]",
    description = "Verify the daemon's store (blobs, layers, snapshots) and optionally repair it")
public final class SystemCheckCommand extends BerthCommand {
  @Option(names = "--repair", description = "Remove orphaned and half-written data, then check again") boolean repair;

  @Override protected int execute(Cli cli) {
    StoreCheckReport r = cli.client().checkStore(repair);
    cli.out().print(output(r, repair));
    return r.remaining() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
  }

  static String output(StoreCheckReport r, boolean repair) {
    var sb = new StringBuilder();
    for (StoreCheckReport.Problem p : r.problems()) {
      sb.append(p.kind()).append(' ').append(p.object()).append(": ").append(p.message());
      if (p.repaired()) sb.append(" (repaired)");
      else if (p.repairable() && !repair) sb.append(" (repairable)");
      sb.append('\n');
    }
    var counts = new StringBuilder();
    r.checked().forEach((k, v) -> counts.append(counts.isEmpty() ? "" : ", ").append(v).append(' ').append(k.toLowerCase()));
    if (r.problems().isEmpty()) {
      sb.append("store is consistent (checked ").append(counts).append(")\n");
    } else {
      long repaired = r.problems().stream().filter(StoreCheckReport.Problem::repaired).count();
      sb.append(r.problems().size()).append(r.problems().size() == 1 ? " problem" : " problems").append(" found");
      if (repair) sb.append(", ").append(repaired).append(" repaired");
      sb.append(", ").append(r.remaining()).append(" remaining (checked ").append(counts).append(")\n");
      if (!repair && r.problems().stream().anyMatch(StoreCheckReport.Problem::repairable)) {
        sb.append("run 'berth system check --repair' to remove what is repairable\n");
      }
    }
    return sb.toString();
  }
}
