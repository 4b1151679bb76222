package io.berth.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth registry gc}: one garbage collection of a registry root from this process (a running
 * server collects online with {@code POST /berth/gc} or {@code --gc-interval}). Like {@code serve},
 * the registry module is reached only through {@link #collect}.
 */
@Command(name = "gc", customSynopsis = "berth registry gc [OPTIONS]", description = "Remove blobs no manifest references")
public final class RegistryGcCommand implements Callable<Integer> {
  @ParentCommand RegistryCommand parent;

  @Option(names = "--help", usageHelp = true, description = "Print usage") boolean help;
  @Option(names = "--root", paramLabel = "string", description = "Storage directory (default \"/var/lib/berth-registry\")") String root;
  @Option(names = {"-d", "--dry-run"}, description = "Only report what would be removed") boolean dryRun;
  @Option(names = {"-m", "--delete-untagged"}, description = "Also remove manifests no tag reaches") boolean deleteUntagged;
  @Option(names = "--grace", paramLabel = "duration", description = "Keep blobs linked or written more recently (default 1h)") String grace;

  @Override public Integer call() {
    List<String> args = new ArrayList<>();
    if (root != null) {
      args.add("--root");
      args.add(root);
    }
    if (grace != null) {
      args.add("--grace");
      args.add(grace);
    }
    if (dryRun) args.add("--dry-run");
    if (deleteUntagged) args.add("--delete-untagged");
    var cli = parent.main.cli();
    return collect(args, cli.out(), cli.err());
  }

  private static int collect(List<String> args, java.io.PrintStream out, java.io.PrintStream err) {
    return io.berth.registry.RegistryGc.run(args, out, err);
  }
}
