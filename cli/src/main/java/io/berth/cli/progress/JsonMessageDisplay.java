package io.berth.cli.progress;

import io.berth.client.model.JsonMessage;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Docker's {@code jsonmessage.DisplayJSONMessagesStream}. On a terminal each message with an ID and
 * progress (a detail or the daemon's text) owns a line: a new ID adds a line, a known one moves the
 * cursor up to its line ({@code ESC[nA}), erases it ({@code ESC[2K}), redraws it ending in
 * {@code \r}, and moves back down ({@code ESC[nB}). Any other message forgets the lines (so that
 * {@code pull -a} does not redraw the previous tag's layers). Without a terminal, messages whose
 * detail would draw a bar are skipped and the rest are printed once each.
 *
 * <p>{@code aux} messages go to the callback and are not shown. An {@code errorDetail} stops the
 * display with a {@link StreamError}. The width is read for every bar, as docker reads the window
 * size each time.
 */
public final class JsonMessageDisplay {
  private static final DateTimeFormatter RFC3339_NANO_FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

  private final PrintStream out;
  private final boolean terminal;
  private final IntSupplier width;
  private final Clock clock;

  public JsonMessageDisplay(PrintStream out, boolean terminal, IntSupplier width, Clock clock) {
    this.out = out;
    this.terminal = terminal;
    this.width = width;
    this.clock = clock;
  }

  /** Displays every message until the stream ends; throws {@link StreamError} at an error message. */
  public void display(Iterator<JsonMessage> messages, Consumer<JsonMessage> aux) {
    Map<String, Integer> ids = new HashMap<>();
    while (messages.hasNext()) {
      JsonMessage jm = messages.next();
      if (jm.aux().isPresent()) {
        aux.accept(jm);
        continue;
      }
      int diff = 0;
      if (!jm.id().isEmpty() && (jm.progressDetail().isPresent() || !jm.progress().isEmpty())) {
        Integer line = ids.get(jm.id());
        if (line == null) {
          line = ids.size();
          ids.put(jm.id(), line);
          if (terminal) out.print("\n");
        }
        diff = ids.size() - line;
        if (terminal) cursor(diff, 'A');
      } else {
        ids = new HashMap<>();
      }
      var error = jm.error();
      if (error.isEmpty()) show(jm);
      if (!jm.id().isEmpty() && terminal) cursor(diff, 'B');
      out.flush();
      if (error.isPresent()) throw new StreamError(error.get().code(), error.get().message());
    }
    out.flush();
  }

  private void cursor(int n, char direction) {
    if (n > 0) out.print("\u001b[" + n + direction);
  }

  /** {@code JSONMessage.Display} for a message without an error. */
  private void show(JsonMessage jm) {
    String endl = "";
    String bar = "";
    if (jm.progressDetail().isPresent()) bar = ProgressBar.render(jm.progressDetail().get(), width.getAsInt(), clock.instant());
    if (terminal && jm.stream().isEmpty() && jm.progressDetail().isPresent()) {
      out.print("\u001b[2K");
      endl = "\r";
      out.print(endl);
    } else if (jm.progressDetail().isPresent() && !bar.isEmpty()) {
      return; // no bars without a terminal
    }
    if (jm.timeNano() != 0) {
      out.print(time(Instant.ofEpochSecond(0, jm.timeNano())) + " ");
    } else if (jm.time() != 0) {
      out.print(time(Instant.ofEpochSecond(jm.time())) + " ");
    }
    if (!jm.id().isEmpty()) out.print(jm.id() + ": ");
    if (!jm.from().isEmpty()) out.print("(from " + jm.from() + ") ");
    if (jm.progressDetail().isPresent() && terminal) {
      out.print(jm.status() + " " + bar + endl);
    } else if (!jm.progress().isEmpty()) {
      out.print(jm.status() + " " + jm.progress() + endl);
    } else if (!jm.stream().isEmpty()) {
      out.print(jm.stream() + endl);
    } else {
      out.print(jm.status() + endl + "\n");
    }
  }

  private static String time(Instant t) {
    return RFC3339_NANO_FIXED.format(t.atZone(ZoneId.systemDefault()));
  }
}
