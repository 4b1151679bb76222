package io.berth.engine.build;

import io.berth.engine.build.dockerfile.Dockerfile;
import io.berth.engine.build.dockerfile.Instruction;
import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A Dockerfile cut into its global ARGs and its stages, and the stages a target needs: the target,
 * the stages it is built FROM, and those it copies or mounts files from, transitively. Step numbers
 * count the needed stages' instructions only ({@code Step 3/7}).
 */
record StagePlan(List<Instruction.Arg> metaArgs, List<Stage> stages, int target, Set<Integer> needed) {

  /** One {@code FROM} and the instructions up to the next. */
  record Stage(int index, Instruction.From from, Optional<String> name, List<Instruction> body) {
    int steps() { return 1 + body.size(); }
  }

  /**
   * @param expandMeta expands a word with the global ARGs (FROM and --from values name stages through them)
   */
  static StagePlan of(Dockerfile df, Optional<String> target, UnaryOperator<String> expandMeta) {
    List<Instruction.Arg> meta = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    Instruction.From from = null;
    List<Instruction> body = new ArrayList<>();
    for (Instruction i : df.instructions()) {
      if (i instanceof Instruction.From f) {
        if (from != null) stages.add(stage(stages.size(), from, body));
        from = f;
        body = new ArrayList<>();
      } else if (from == null) {
        if (!(i instanceof Instruction.Arg a)) {
          throw BerthException.invalid("%s:%d: no build stage in current context", df.name(), i.line());
        }
        meta.add(a);
      } else {
        body.add(i);
      }
    }
    if (from == null) throw BerthException.invalid("%s: no build stage in current context", df.name());
    stages.add(stage(stages.size(), from, body));
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Stage st : stages) {
      if (st.name().isEmpty()) continue;
      String n = st.name().get();
      if (!n.matches("[a-z][a-z0-9-_.]*")) {
        throw BerthException.invalid("%s:%d: invalid name for build stage: \"%s\", name can't start with a number or "
            + "contain symbols", df.name(), st.from().line(), n);
      }
      if (!names.add(n)) {
        throw BerthException.invalid("%s:%d: %s stage name already used", df.name(), st.from().line(), n);
      }
    }
    int t = stages.size() - 1;
    if (target.isPresent() && !target.get().isEmpty()) {
      t = find(stages, target.get(), stages.size())
          .orElseThrow(() -> BerthException.invalid("failed to reach build target %s in Dockerfile", target.get()));
    }
    Set<Integer> needed = new TreeSet<>();
    collect(stages, t, needed, expandMeta);
    return new StagePlan(List.copyOf(meta), List.copyOf(stages), t, needed);
  }

  /** The ARGs before the first FROM (usable in FROM lines, and in stages that declare them again). */
  static List<Instruction.Arg> metaArgs(Dockerfile df) {
    List<Instruction.Arg> out = new ArrayList<>();
    for (Instruction i : df.instructions()) {
      if (i instanceof Instruction.From) break;
      if (i instanceof Instruction.Arg a) out.add(a);
    }
    return out;
  }

  private static Stage stage(int index, Instruction.From f, List<Instruction> body) {
    return new Stage(index, f, f.stageName().map(n -> n.toLowerCase(Locale.ROOT)), List.copyOf(body));
  }

  /** A stage named {@code ref} (case-insensitively) or numbered {@code ref}, among the first {@code before}. */
  static Optional<Integer> find(List<Stage> stages, String ref, int before) {
    String lower = ref.toLowerCase(Locale.ROOT);
    for (int i = before - 1; i >= 0; i--) {
      if (stages.get(i).name().filter(lower::equals).isPresent()) return Optional.of(i);
    }
    if (lower.matches("[0-9]+")) {
      int n = Integer.parseInt(lower);
      if (n < before) return Optional.of(n);
    }
    return Optional.empty();
  }

  private static void collect(List<Stage> stages, int s, Set<Integer> needed, UnaryOperator<String> expand) {
    if (!needed.add(s)) return;
    Stage st = stages.get(s);
    // FROM names an earlier stage by name only (an index is an image name there)
    String base = expand.apply(st.from().image()).toLowerCase(Locale.ROOT);
    for (int i = s - 1; i >= 0; i--) {
      if (stages.get(i).name().filter(base::equals).isPresent()) {
        collect(stages, i, needed, expand);
        break;
      }
    }
    for (Instruction i : st.body()) {
      for (String ref : sourceStages(i)) {
        find(stages, expand.apply(ref), s).ifPresent(d -> collect(stages, d, needed, expand));
      }
    }
  }

  /** The stage (or image) references an instruction reads files from. */
  static List<String> sourceStages(Instruction i) {
    List<String> refs = new ArrayList<>();
    if (i instanceof Instruction.Copy c) c.from().ifPresent(refs::add);
    if (i instanceof Instruction.Run r) {
      for (String m : r.mounts()) RunMounts.option(m, "from").ifPresent(refs::add);
    }
    return refs;
  }

  /** Steps of the needed stages and global ARGs: the {@code m} of {@code Step n/m}. */
  int totalSteps() {
    int n = metaArgs.size();
    for (int s : needed) n += stages.get(s).steps();
    return n;
  }

  /** The step number of stage {@code s}'s FROM. */
  int firstStep(int s) {
    int n = metaArgs.size() + 1;
    for (int i : needed) {
      if (i == s) break;
      n += stages.get(i).steps();
    }
    return n;
  }
}
