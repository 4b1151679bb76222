package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.StatsRows;
import io.berth.cli.format.Table;
import io.berth.client.ContainerListOptions;
import io.berth.client.EngineClient;
import io.berth.client.EngineException;
import io.berth.client.StatsStream;
import io.berth.client.model.ContainerSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth stats}: docker 28's {@code RunStats}. One stats request per container, each read on
 * its own virtual thread; the table is redrawn every 500 ms (docker's pace; the daemon sends a
 * sample a second). Without names it follows the running containers (all with {@code -a}): the
 * list at start, then {@code start} (and with {@code -a} {@code create}) events add containers and
 * {@code die} events remove them. {@code --no-stream} asks each container for one sample
 * ({@code stream=0}) and prints once. Named containers that cannot be read fail the command
 * ("Error response from daemon: ...", status 1) before anything is printed.
 */
@Command(name = "stats", customSynopsis = "berth stats [OPTIONS] [CONTAINER...]",
    description = "Display a live stream of container(s) resource usage statistics")
public final class StatsCommand extends BerthCommand {
  /** docker's collector gives up on a sample after this long and shows "--". */
  static final long SAMPLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);

  @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)") boolean all;

  @Option(names = "--no-stream", description = "Disable streaming stats and only pull the first result") boolean noStream;

  @Option(names = "--no-trunc", description = "Do not truncate output") boolean noTrunc;

  @Option(names = "--format", description = "Format output using a custom template:%n'table':            Print output in table format with column headers (default)%n"
      + "'table TEMPLATE':   Print output in table format using the given Go template%n'json':             Print in JSON format%n"
      + "'TEMPLATE':         Print output using the given Go template") String format;

  @Parameters(paramLabel = "CONTAINER") List<String> containers = new ArrayList<>();

  /**
   * One container's collector: the latest entry, when it came, and whether reading failed. As in
   * docker, the 2 s without a sample count from the daemon's answer (a daemon may take two of its
   * 1 s collection ticks to answer {@code stream=0}), not from the request.
   */
  static final class Collector {
    final String container;
    private final CountDownLatch answered = new CountDownLatch(1);
    private final CountDownLatch first = new CountDownLatch(1);
    private StatsRows.Entry entry;
    private long updated;
    private boolean responded;
    private Optional<RuntimeException> error = Optional.empty();
    private volatile StatsStream stream;

    Collector(String container) {
      this.container = container;
      this.entry = StatsRows.Entry.pending(container);
    }

    synchronized void responded() {
      responded = true;
      updated = System.nanoTime();
      answered.countDown();
    }

    synchronized void set(StatsRows.Entry e) {
      entry = e;
      updated = System.nanoTime();
      first.countDown();
    }

    synchronized void fail(RuntimeException e) {
      error = Optional.of(e);
      entry = entry.invalidated();
      answered.countDown();
      first.countDown();
    }

    /** The stream ended (the container stopped): docker keeps the row, all "--". */
    synchronized void ended() {
      entry = entry.invalidated();
      first.countDown();
    }

    synchronized Optional<RuntimeException> error() { return error; }

    /** The entry to show at {@code now}: zeroed and "--" once no sample came for 2 s after the answer. */
    synchronized StatsRows.Entry current(long now) {
      return responded && now - updated > SAMPLE_TIMEOUT_NANOS ? entry.reset() : entry;
    }

    /** docker's {@code waitFirst}: until the daemon answered and sent a sample, failed, or stayed silent 2 s. */
    void awaitFirst() throws InterruptedException {
      answered.await();
      first.await(SAMPLE_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
    }

    void stop() {
      StatsStream s = stream;
      if (s != null) s.close();
    }

    /** Reads the samples (one, or until the stream ends) on the calling thread. */
    void collect(EngineClient client, boolean streaming) {
      try (StatsStream s = client.stats(container, streaming, false)) {
        stream = s;
        responded();
        while (s.hasNext()) {
          set(StatsRows.entry(container, s.next()));
          if (!streaming) return;
        }
        ended();
      } catch (RuntimeException e) {
        // a refused request (404), a dropped connection, or close() from remove()
        fail(e);
      }
    }
  }

  private final List<Collector> collectors = new ArrayList<>();

  /** Adds and starts a collector unless one for {@code container} exists (docker's {@code stats.add}). */
  private void add(EngineClient client, String container) {
    var c = new Collector(container);
    synchronized (collectors) {
      if (collectors.stream().anyMatch(x -> x.container.equals(container))) return;
      collectors.add(c);
    }
    Thread.ofVirtual().name("stats-" + container).start(() -> c.collect(client, !noStream));
  }

  private void remove(String container) {
    synchronized (collectors) {
      collectors.removeIf(c -> {
        if (!c.container.equals(container)) return false;
        c.stop();
        return true;
      });
    }
  }

  private List<Collector> snapshot() {
    synchronized (collectors) {
      return List.copyOf(collectors);
    }
  }

  @Override protected int execute(Cli cli) throws InterruptedException {
    EngineClient client = cli.client();
    boolean showAll = containers.isEmpty();
    if (showAll) {
      if (!noStream) Thread.ofVirtual().name("stats-events").start(() -> followEvents(client));
      for (ContainerSummary c : client.listContainers(new ContainerListOptions(all, -1, false, Map.of()))) {
        add(client, c.id().substring(0, Math.min(12, c.id().length())));
      }
      for (Collector c : snapshot()) c.awaitFirst();
    } else {
      containers.forEach(name -> add(client, name));
      var errors = new ArrayList<String>();
      for (Collector c : snapshot()) {
        c.awaitFirst();
        c.error().ifPresent(e -> errors.add(e instanceof EngineException ee ? "Error response from daemon: " + ee.getMessage() : e.getMessage()));
      }
      if (!errors.isEmpty()) {
        snapshot().forEach(Collector::stop);
        throw new CommandFailure(ExitCodes.FAILURE, String.join("\n", errors));
      }
    }
    String template = Table.template(false, format, "", StatsRows.DEFAULT_FORMAT);
    while (true) {
      long now = System.nanoTime();
      List<StatsRows.Entry> entries = snapshot().stream().map(c -> c.current(now)).toList();
      String rendered = PsCommand.render(template, StatsRows.HEADERS, StatsRows.rows(entries, !noTrunc));
      cli.out().print(noStream ? rendered : StatsRows.liveFrame(rendered));
      cli.out().flush();
      if (noStream || (entries.isEmpty() && !showAll)) break;
      Thread.sleep(500);
    }
    snapshot().forEach(Collector::stop);
    return ExitCodes.OK;
  }

  /**
   * docker's event handlers: {@code start} (and {@code create} with {@code -a}) adds a container,
   * {@code die} without {@code -a} removes it. Started before the first list, as docker does, so
   * that a container started in between is seldom missed (a duplicate is ignored).
   */
  private void followEvents(EngineClient client) {
    try {
      client.events(Optional.empty(), Optional.empty(), Map.of("type", List.of("container")), m -> {
        Object action = m.getOrDefault("Action", m.get("status"));
        Object actor = m.get("Actor");
        String id = actor instanceof Map<?, ?> a && a.get("ID") instanceof String s ? s : String.valueOf(m.get("id"));
        String shortId = id.substring(0, Math.min(12, id.length()));
        if ("start".equals(action) || (all && "create".equals(action))) add(client, shortId);
        else if (!all && "die".equals(action)) remove(shortId);
      });
    } catch (RuntimeException e) {
      // the daemon went away: the collectors show "--" and the user ends the view
    }
  }
}
