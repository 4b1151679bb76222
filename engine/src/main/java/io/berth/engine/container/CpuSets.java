package io.berth.engine.container;

import io.berth.oci.errors.BerthException;
import java.util.BitSet;

/**
 * The kernel's cpu/memory-node list syntax ({@code "0-3,6"}), as {@code cpuset.cpus} and
 * {@code --cpuset-cpus} use it. Parsing is strict (moby's ParseUintList): no spaces, ascending ranges.
 */
public final class CpuSets {
  private static final int MAX = 8192; // far above any real machine: a typo must not allocate gigabytes

  private CpuSets() {}

  /** The set {@code list} names; {@code InvalidArgument "invalid format: <list>"} for bad syntax. */
  public static BitSet parse(String list) {
    BitSet set = new BitSet();
    if (list.isEmpty()) return set;
    for (String part : list.split(",", -1)) {
      int dash = part.indexOf('-');
      try {
        int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
        int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
        if (from < 0 || to < from || to >= MAX || part.startsWith("+") || part.contains(" ")) throw invalid(list);
        set.set(from, to + 1);
      } catch (NumberFormatException e) {
        throw invalid(list);
      }
    }
    return set;
  }

  private static BerthException invalid(String list) {
    return BerthException.invalid("invalid format: %s", list);
  }

  /** True when every element of {@code requested} is in {@code available}. */
  public static boolean within(String requested, String available) {
    BitSet want = parse(requested);
    want.andNot(parse(available));
    return want.isEmpty();
  }
}
