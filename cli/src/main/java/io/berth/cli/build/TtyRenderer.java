package io.berth.cli.build;

import io.berth.cli.format.Units;
import io.berth.client.model.BuildMessage;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compact live view of a legacy-builder stream on a terminal. The daemon's text
 * ({@code Step 2/3 : RUN make}, {@code  ---> Using cache}, {@code  ---> Running in 0123456789ab},
 * command output, {@code  ---> 1a2b3c4d5e6f}) becomes one line per step:
 * <pre>
 *  ✓ Step 1/3 : FROM busybox                    0.1s
 *  ✓ Step 2/3 : COPY . /src                   CACHED
 *  ⠹ Step 3/3 : RUN make                        2.3s
 *      cc -o app main.c
 * </pre>
 * The running step shows a spinner, its elapsed time and its last {@value #TAIL} output lines, which
 * collapse when it finishes. A failed step is marked {@code ✗} and keeps its output (the last
 * {@value #KEEP} lines) on screen, followed by {@code ERROR: <message>} on stderr. The end shows the
 * daemon's {@code Successfully built/tagged} lines and the total time.
 *
 * <p>How: finished lines are printed once and scroll away; the live part (the running step and its
 * tail) is erased by moving the cursor up over it and clearing to the end of the screen, then drawn
 * again. Lines are cut to the terminal's width so that none wraps and the count stays right.
 */
public final class TtyRenderer implements BuildRenderer {
  static final int TAIL = 6;
  static final int KEEP = 30;
  private static final String[] SPINNER = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
  private static final Pattern STEP = Pattern.compile("^Step \\d+/\\d+ : .*");
  private static final Pattern RESULT = Pattern.compile("^ ---> ([0-9a-f]{12})$");
  private static final Pattern RUNNING = Pattern.compile("^ ---> Running in ([0-9a-f]+)$");

  private enum State { RUNNING, DONE, CACHED, FAILED }

  private static final class Step {
    final String title;
    final long start;
    long end;
    State state = State.RUNNING;
    boolean cached;
    final Deque<String> lines = new ArrayDeque<>();
    int dropped;

    Step(String title, long start) {
      this.title = title;
      this.start = start;
    }

    void output(String line) {
      lines.addLast(line);
      if (lines.size() > KEEP) {
        lines.removeFirst();
        dropped++;
      }
    }

    /** A pull's status line: replaces the earlier one for the same layer. */
    void status(String id, String line) {
      if (!id.isEmpty()) {
        List<String> all = new ArrayList<>(lines);
        for (int i = 0; i < all.size(); i++) {
          if (all.get(i).startsWith(id + ": ")) {
            all.set(i, line);
            lines.clear();
            lines.addAll(all);
            return;
          }
        }
      }
      output(line);
    }
  }

  private final PrintStream out;
  private final PrintStream err;
  private final int width;
  private final LongSupplier nanos;
  private final long started;
  private final List<String> pending = new ArrayList<>();
  private final StringBuilder partial = new StringBuilder();
  private Step current;
  private int drawn;
  private int frame;

  /** {@code width}: the terminal's columns; {@code nanos}: the clock (System::nanoTime, or a fake in tests). */
  public TtyRenderer(PrintStream out, PrintStream err, int width, LongSupplier nanos) {
    this.out = out;
    this.err = err;
    this.width = Math.max(20, width);
    this.nanos = nanos;
    this.started = nanos.getAsLong();
  }

  @Override public synchronized void contextSent(long bytes) {
    pending.add("Sending build context to Docker daemon " + Units.humanSize4(bytes));
    redraw();
  }

  @Override public synchronized void accept(BuildMessage message) {
    switch (message) {
      case BuildMessage.Stream s -> text(s.text());
      case BuildMessage.Status s -> {
        if (current == null) return;
        String line = (s.id().isEmpty() ? "" : s.id() + ": ") + s.status() + (s.progress().isEmpty() ? "" : " " + s.progress());
        current.status(s.id(), line);
      }
      case BuildMessage.Error e -> {
        failed(e.message());
        return;
      }
      case BuildMessage.Aux a -> { return; }
      case BuildMessage.Other o -> { return; }
    }
    redraw();
  }

  private void text(String text) {
    partial.append(text);
    int nl;
    while ((nl = partial.indexOf("\n")) >= 0) {
      String line = partial.substring(0, nl);
      partial.delete(0, nl + 1);
      int cr = line.lastIndexOf('\r', line.length() - 2); // a progress bar redrawn with \r: its last state
      if (cr >= 0) line = line.substring(cr + 1);
      line(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
  }

  private void line(String line) {
    if (STEP.matcher(line).matches()) {
      finishStep();
      current = new Step(line, nanos.getAsLong());
      return;
    }
    if (current != null && current.state == State.RUNNING) {
      if (line.equals(" ---> Using cache")) {
        current.cached = true;
        return;
      }
      if (RUNNING.matcher(line).matches() || line.startsWith("Removing intermediate container ")) return;
      Matcher r = RESULT.matcher(line);
      if (r.matches()) {
        finishStep();
        return;
      }
      current.output(line);
      return;
    }
    if (line.startsWith("Removing intermediate container ") || line.isEmpty()) return;
    pending.add(line);
  }

  /** The current step ends well: one line with its mark and time; its output collapses. */
  private void finishStep() {
    if (current == null || current.state != State.RUNNING) return;
    current.end = nanos.getAsLong();
    current.state = current.cached ? State.CACHED : State.DONE;
    pending.add(stepLine(current));
    current = null;
  }

  @Override public synchronized void failed(String message) {
    flushPartial();
    if (current != null && current.state == State.RUNNING) {
      current.end = nanos.getAsLong();
      current.state = State.FAILED;
      pending.add(stepLine(current));
      if (current.dropped > 0) pending.add("    ... " + current.dropped + " earlier lines");
      for (String l : current.lines) pending.add(cut("    " + l));
      current = null;
    }
    redraw();
    out.flush();
    err.println("ERROR: " + message);
    err.flush();
  }

  @Override public synchronized void finished() {
    flushPartial();
    finishStep();
    pending.add(String.format(Locale.ROOT, "Finished in %s", seconds(nanos.getAsLong() - started)));
    redraw();
    out.flush();
  }

  @Override public synchronized void tick() {
    frame++;
    if (current != null) redraw();
  }

  private void flushPartial() {
    if (!partial.isEmpty()) text("\n");
  }

  /** Erases the live part, prints the finished lines, draws the live part again. */
  private void redraw() {
    StringBuilder sb = new StringBuilder();
    if (drawn > 0) sb.append("\033[").append(drawn).append("A\033[J");
    for (String p : pending) sb.append(cut(p)).append('\n');
    pending.clear();
    drawn = 0;
    if (current != null) {
      sb.append(stepLine(current)).append('\n');
      drawn++;
      List<String> lines = new ArrayList<>(current.lines);
      for (String l : lines.subList(Math.max(0, lines.size() - TAIL), lines.size())) {
        sb.append(cut("    " + l)).append('\n');
        drawn++;
      }
    }
    out.print(sb);
    out.flush();
  }

  private String stepLine(Step s) {
    String mark;
    String right;
    switch (s.state) {
      case RUNNING -> {
        mark = SPINNER[frame % SPINNER.length];
        right = seconds(nanos.getAsLong() - s.start);
      }
      case CACHED -> {
        mark = "✓";
        right = "CACHED";
      }
      case DONE -> {
        mark = "✓";
        right = seconds(s.end - s.start);
      }
      default -> {
        mark = "✗";
        right = seconds(s.end - s.start);
      }
    }
    String left = " " + mark + " " + s.title;
    int room = width - right.length() - 1;
    if (left.codePointCount(0, left.length()) > room) left = Units.ellipsis(left, room);
    int pad = width - left.codePointCount(0, left.length()) - right.length();
    return left + " ".repeat(Math.max(1, pad)) + right;
  }

  private String cut(String line) {
    return line.codePointCount(0, line.length()) > width ? Units.ellipsis(line, width) : line;
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
  }
}
