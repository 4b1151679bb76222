package io.berth.engine.build;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the output of stages that run in parallel in Dockerfile order, as the classic builder
 * (which runs stages one after another) prints it: the stage whose turn it is streams live; the
 * others buffer until every earlier stage has finished.
 */
final class OrderedOutput {
  private final BuildOutput out;
  private final List<Part> parts = new ArrayList<>();
  private int current;
  private boolean failed;

  OrderedOutput(BuildOutput out) {
    this.out = out;
  }

  /** The output underneath (messages that need no ordering). */
  BuildOutput out() { return out; }

  /** A new part, printed after every part created before it. */
  synchronized Part part() {
    Part p = new Part(parts.size());
    parts.add(p);
    return p;
  }

  /** One stage's output. */
  final class Part {
    private final int index;
    private final StringBuilder pending = new StringBuilder();
    private boolean finished;

    private Part(int index) {
      this.index = index;
    }

    void stream(String text) {
      synchronized (OrderedOutput.this) {
        if (failed) return;
        if (index == current) out.stream(text);
        else pending.append(text);
      }
    }

    /**
     * This part's stage failed: its output so far is shown at once (the failing step's output is what
     * the user needs) and nothing more from any part, as a build stops at its first failure.
     */
    void fail() {
      synchronized (OrderedOutput.this) {
        if (failed) return;
        if (index != current) flush();
        failed = true;
      }
    }

    /** Ends this part; the next ones' buffered output follows. */
    void finish() {
      synchronized (OrderedOutput.this) {
        finished = true;
        if (failed) return;
        while (current < parts.size() && parts.get(current).finished) {
          current++;
          if (current < parts.size()) parts.get(current).flush();
        }
      }
    }

    private void flush() {
      if (!pending.isEmpty()) {
        out.stream(pending.toString());
        pending.setLength(0);
      }
    }
  }
}
