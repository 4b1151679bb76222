package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.client.LogsOptions;
import io.berth.client.WaitCondition;
import io.berth.client.model.ContainerSummary;
import io.berth.compose.ComposeException;
import io.berth.compose.converge.Converger;
import io.berth.compose.converge.Labels;
import io.berth.compose.converge.Lifecycle;
import io.berth.compose.converge.Planner;
import io.berth.compose.converge.UpOptions;
import io.berth.compose.model.Project;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth compose up}: converges the project; detached it returns, attached it follows the
 * containers' logs until they exit (or Ctrl-C, which stops the project).
 */
@Command(name = "up", customSynopsis = "berth compose up [OPTIONS] [SERVICE...]", description = "Create and start containers")
final class UpCommand extends ComposeSubcommand {
  @Option(names = {"-d", "--detach"}, description = "Detached mode: Run containers in the background") boolean detach;
  @Option(names = "--build", description = "Build images before starting containers") boolean build;
  @Option(names = "--no-build", description = "Don't build an image, even if it's policy") boolean noBuild;
  @Option(names = "--force-recreate", description = "Recreate containers even if their configuration and image haven't changed") boolean forceRecreate;
  @Option(names = "--no-recreate", description = "If containers already exist, don't recreate them") boolean noRecreate;
  @Option(names = "--no-deps", description = "Don't start linked services") boolean noDeps;
  @Option(names = "--no-start", description = "Don't start the services after creating them") boolean noStart;
  @Option(names = "--remove-orphans", description = "Remove containers for services not defined in the Compose file") boolean removeOrphans;
  @Option(names = "--scale", paramLabel = "scale", description = "Scale SERVICE to NUM instances") List<String> scale = new ArrayList<>();
  @Option(names = "--wait", description = "Wait for services to be running|healthy. Implies detached mode.") boolean waitReady;
  @Option(names = "--abort-on-container-exit", description = "Stops all containers if any container was stopped") boolean abort;
  @Option(names = "--exit-code-from", paramLabel = "string", description = "Return the exit code of the selected service container") String exitCodeFrom;
  @Option(names = {"-t", "--timeout"}, paramLabel = "int", description = "Use this timeout in seconds for container shutdown") Integer timeout;
  @Option(names = "--pull", paramLabel = "string", description = "Pull image before running (\"always\"|\"missing\"|\"never\")") String pull;
  @Option(names = "--no-color", description = "Produce monochrome output") boolean noColor;
  @Option(names = "--no-log-prefix", description = "Don't print prefix in logs") boolean noLogPrefix;
  @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

  @Override protected int execute(Cli cli) throws Exception {
    if (forceRecreate && noRecreate) throw new ComposeException("--force-recreate and --no-recreate are incompatible");
    if (detach && (abort || exitCodeFrom != null)) {
      throw new ComposeException("--abort-on-container-exit and --detach are incompatible");
    }
    Project p = project(cli);
    var engine = engine(cli);
    var options = new UpOptions(services, build, noBuild, forceRecreate ? Planner.Recreate.FORCE
        : noRecreate ? Planner.Recreate.NEVER : Planner.Recreate.DIVERGED, noDeps, removeOrphans, scales(),
        !noStart, waitReady, timeout(timeout), pull == null ? "" : pull);
    new Converger(engine, progress(cli)).up(p, options);
    if (detach || waitReady || noStart) return ExitCodes.OK;
    return attach(cli, p, engine);
  }

  private Map<String, Integer> scales() {
    var m = new LinkedHashMap<String, Integer>();
    for (String s : scale) {
      int eq = s.indexOf('=');
      if (eq < 0) throw new ComposeException("invalid --scale option \"" + s + "\". Should be SERVICE=NUM");
      try {
        m.put(s.substring(0, eq), Integer.parseInt(s.substring(eq + 1)));
      } catch (NumberFormatException e) {
        throw new ComposeException("invalid --scale option \"" + s + "\". Should be SERVICE=NUM");
      }
    }
    return m;
  }

  /** Attached mode: logs of every selected container until all exit, or the first with --abort-on-container-exit. */
  private int attach(Cli cli, Project p, CliEngine engine) throws InterruptedException {
    var selected = Converger.select(p, services, !noDeps).keySet();
    List<ContainerSummary> containers = engine.containers(p.name(), true).stream()
        .filter(c -> selected.contains(c.labels().get(Labels.SERVICE)))
        .filter(c -> !"True".equals(c.labels().get(Labels.ONEOFF))).toList();
    var printer = new LogPrinter(cli.client(), cli.out(), !noColor && cli.stdoutIsTerminal(), !noLogPrefix);
    printer.widen(containers);
    cli.out().println("Attaching to " + String.join(", ", containers.stream().map(Planner::name).toList()));
    var logs = new LogsOptions(true, true, true, false, "all", Optional.empty(), Optional.empty());
    for (ContainerSummary c : containers) printer.follow(c, logs);
    var lifecycle = new Lifecycle(engine, progress(cli));
    Thread stopper = new Thread(() -> {
      cli.out().println("Gracefully stopping... (press Ctrl+C again to force)");
      lifecycle.stop(p, List.copyOf(selected), timeout(timeout));
    });
    Runtime.getRuntime().addShutdownHook(stopper);
    record Exit(ContainerSummary container, long code) {}
    var exits = new LinkedBlockingQueue<Exit>();
    for (ContainerSummary c : containers) {
      Thread.ofVirtual().start(() -> {
        try (var w = cli.client().waitContainer(c.id(), WaitCondition.NOT_RUNNING)) {
          exits.add(new Exit(c, w.await().statusCode()));
        } catch (RuntimeException e) {
          exits.add(new Exit(c, -1));
        }
      });
    }
    int exitCode = 0;
    boolean aborting = abort || exitCodeFrom != null;
    for (int left = containers.size(); left > 0; left--) {
      Exit e = exits.take();
      printer.drained(e.container().id(), java.time.Duration.ofSeconds(2));
      printer.say(LogPrinter.shortName(e.container()) + " exited with code " + e.code());
      String svc = e.container().labels().get(Labels.SERVICE);
      if (exitCodeFrom != null ? exitCodeFrom.equals(svc) : aborting && exitCode == 0) exitCode = (int) e.code();
      if (aborting) {
        cli.out().println("Aborting on container exit...");
        lifecycle.stop(p, List.copyOf(selected), timeout(timeout));
        if (exitCodeFrom != null && !exitCodeFrom.equals(svc)) {
          var from = engine.containers(p.name(), true).stream()
              .filter(c -> exitCodeFrom.equals(c.labels().get(Labels.SERVICE))).findFirst();
          if (from.isPresent()) exitCode = engine.status(from.get().id()).exitCode();
        }
        break;
      }
    }
    Runtime.getRuntime().removeShutdownHook(stopper);
    printer.interrupt();
    return exitCode;
  }
}
