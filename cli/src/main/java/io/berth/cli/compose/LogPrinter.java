package io.berth.cli.compose;

import io.berth.client.EngineClient;
import io.berth.client.LogsOptions;
import io.berth.client.StdStreamDemux;
import io.berth.client.model.ContainerSummary;
import io.berth.compose.converge.Labels;
import io.berth.compose.converge.Planner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compose's log view: every container's lines prefixed with {@code <service>-<n>  | }, the prefix
 * padded to the widest and coloured per container (unless {@code --no-color} or not a terminal),
 * one virtual thread per container.
 */
final class LogPrinter {
  // Compose's palette: the bright colours first, then the plain ones
  private static final int[] COLOURS = {36, 33, 32, 35, 34, 96, 93, 92, 95, 94};

  private final EngineClient client;
  private final PrintStream out;
  private final boolean colour;
  private final boolean prefix;
  private final List<Thread> threads = new ArrayList<>();
  private final java.util.Map<String, Thread> byContainer = new java.util.concurrent.ConcurrentHashMap<>();
  private int width;
  private int next;

  LogPrinter(EngineClient client, PrintStream out, boolean colour, boolean prefix) {
    this.client = client;
    this.out = out;
    this.colour = colour;
    this.prefix = prefix;
  }

  /** Compose's prefix name: {@code <service>-<n>}, or the container name for a custom one. */
  static String shortName(ContainerSummary c) {
    String name = Planner.name(c);
    String project = c.labels().getOrDefault(Labels.PROJECT, "");
    return !project.isEmpty() && name.startsWith(project + "-") ? name.substring(project.length() + 1) : name;
  }

  void widen(List<ContainerSummary> containers) {
    for (ContainerSummary c : containers) width = Math.max(width, shortName(c).length());
  }

  String prefixOf(ContainerSummary c, int colourIndex) {
    if (!prefix) return "";
    String p = String.format("%-" + Math.max(width, 1) + "s  | ", shortName(c));
    return colour ? "\033[" + COLOURS[colourIndex % COLOURS.length] + "m" + p + "\033[0m" : p;
  }

  /** Starts streaming one container's logs. */
  void follow(ContainerSummary c, LogsOptions options) {
    String p = prefixOf(c, next++);
    boolean tty = false;
    try {
      tty = client.inspectContainer(c.id()).config().tty();
    } catch (RuntimeException e) {
      // gone already: the logs call reports it
    }
    boolean isTty = tty;
    Thread t = Thread.ofVirtual().name("compose-logs-" + c.id()).start(() -> stream(c, options, isTty, p));
    threads.add(t);
    byContainer.put(c.id(), t);
  }

  private void stream(ContainerSummary c, LogsOptions options, boolean tty, String p) {
    try (StdStreamDemux demux = client.logs(c.id(), options, tty)) {
      var partial = new ByteArrayOutputStream();
      Optional<StdStreamDemux.Frame> f;
      while ((f = demux.next()).isPresent()) {
        for (byte b : f.get().payload()) {
          if (b == '\n') {
            line(p, partial);
          } else {
            partial.write(b);
          }
        }
      }
      if (partial.size() > 0) line(p, partial);
    } catch (IOException | RuntimeException e) {
      // the container went away while followed: its lines end here, as in Compose
    }
  }

  private void line(String p, ByteArrayOutputStream partial) {
    String text = partial.toString(StandardCharsets.UTF_8);
    partial.reset();
    if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
    synchronized (out) {
      out.println(p + text);
    }
  }

  /** Prints a line of Compose's own (such as "web-1 exited with code 0") in a container's colour. */
  void say(String text) {
    synchronized (out) {
      out.println(text);
    }
  }

  /** Waits (a bounded time) until an exited container's last lines are printed. */
  void drained(String id, java.time.Duration max) throws InterruptedException {
    Thread t = byContainer.get(id);
    if (t != null) t.join(max);
  }

  void join() throws InterruptedException {
    for (Thread t : threads) t.join();
  }

  void interrupt() { threads.forEach(Thread::interrupt); }
}
