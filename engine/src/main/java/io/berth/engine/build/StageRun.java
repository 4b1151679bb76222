package io.berth.engine.build;

import io.berth.engine.archive.RootDir;
import io.berth.engine.build.dockerfile.DockerfileParser;
import io.berth.engine.build.dockerfile.Instruction;
import io.berth.oci.Digest;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.ContainerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one stage: FROM (with the base image's ONBUILD triggers), then each instruction, printing the
 * classic builder's lines ({@code Step n/m : ...}, {@code  ---> Using cache}, {@code  ---> Running in
 * ...}, the step's output, {@code  ---> <image>}). Every step either finds its key in the cache or
 * executes and records it.
 */
final class StageRun {
  static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final Builder.Session s;
  private final StagePlan.Stage stage;
  private final OrderedOutput.Part out;
  private final StageState st = new StageState();
  private int step;

  StageRun(Builder.Session s, StagePlan.Stage stage, OrderedOutput.Part out) {
    this.s = s;
    this.stage = stage;
    this.out = out;
  }

  Digest run() throws IOException {
    step = s.plan().firstStep(stage.index());
    header(stage.from().original());
    from();
    for (Instruction i : stage.body()) {
      s.checkNotCancelled();
      header(i.original());
      execute(i);
    }
    if (stage.index() == s.plan().target() && !s.request().labels().isEmpty()) {
      ContainerConfig.Builder b = st.config.toBuilder();
      StringBuilder comment = new StringBuilder("LABEL");
      s.request().labels().forEach((k, v) -> {
        b.label(k, v);
        comment.append(' ').append(k).append('=').append(v);
      });
      st.config = b.build();
      metadata(comment.toString(), false);
    }
    if (st.image.isEmpty()) metadata("FROM scratch", false);
    return st.image.get();
  }

  private void print(String text) {
    if (!s.request().quiet()) out.stream(text);
    else s.quietLog(text);
  }

  private void header(String text) {
    print("Step " + step++ + "/" + s.plan().totalSteps() + " : " + text + "\n");
  }

  private void from() throws IOException {
    String ref = s.expandMeta(stage.from().image());
    stage.from().platform().map(s::expandMeta).ifPresent(Builder::checkPlatform);
    if (ref.equalsIgnoreCase("scratch")) {
      st.image = Optional.empty();
      // dockerd gives a scratch stage the default PATH, so RUN and the image find static binaries
      st.config = ContainerConfig.builder().env(List.of(DEFAULT_PATH)).build();
    } else {
      Digest base = s.baseImage(ref, stage.index());
      st.image = Optional.of(base);
      st.config = s.images().config(base).config();
      st.author = s.images().config(base).author();
      print(" ---> " + base.shortHex() + "\n");
    }
    List<String> triggers = st.config.onBuild();
    if (!triggers.isEmpty()) {
      print("# Executing " + triggers.size() + " build trigger" + (triggers.size() == 1 ? "" : "s") + "\n");
      st.config = st.config.toBuilder().onBuild(List.of()).build(); // consumed: children do not inherit them
      for (String t : triggers) execute(DockerfileParser.parseTrigger(s.dockerfileName(), t, stage.from().line()));
    }
  }

  private void execute(Instruction i) throws IOException {
    switch (i) {
      case Instruction.Arg a -> arg(a);
      case Instruction.Run r -> new RunStep(s, st, this).run(r);
      case Instruction.Copy c -> {
        unsupported(c.parents(), "COPY --parents", c.line());
        unsupported(!c.excludes().isEmpty(), "COPY --exclude", c.line());
        new CopyRun(s, st, this).copy(c.sources(), c.dest(), c.from(), c.chown(), c.chmod(), c.heredocs(), false,
            false, Optional.empty());
      }
      case Instruction.Add a -> {
        unsupported(!a.excludes().isEmpty(), "ADD --exclude", a.line());
        new CopyRun(s, st, this).copy(a.sources(), a.dest(), Optional.empty(), a.chown(), a.chmod(), a.heredocs(),
            true, a.unpack().orElse(true), a.checksum());
      }
      case Instruction.Workdir w -> new CopyRun(s, st, this).workdir(w.path());
      case Instruction.Volume v -> new CopyRun(s, st, this).volume(v);
      case Instruction.From f -> throw BerthException.invalid("FROM inside a stage");
      default -> {
        String comment = ConfigSteps.apply(i, st, s.substitution())
            .orElseThrow(() -> BerthException.invalid("unsupported instruction %s", i.original()));
        metadata(comment, false);
      }
    }
  }

  /** The Dockerfile-labs flags berth's builder does not implement: refused, not ignored. */
  private void unsupported(boolean given, String what, int line) {
    if (given) throw BerthException.invalid("%s:%d: %s is not supported by berth's builder", s.dockerfileName(), line, what);
  }

  private void arg(Instruction.Arg a) throws IOException {
    StringBuilder comment = new StringBuilder("ARG");
    for (Instruction.Arg.ArgDecl d : a.args()) {
      Optional<String> value = s.buildArg(d.name());
      if (value.isEmpty()) value = d.rawDefault().map(raw -> s.substitution().word(raw, st::lookup));
      if (value.isEmpty()) value = s.metaArg(d.name());
      st.args.put(d.name(), value);
      comment.append(' ').append(d.name()).append(d.rawDefault().map(v -> "=" + v).orElse(""));
    }
    metadata(comment.toString(), false);
  }

  /** A configuration-only step: a new image with the stage's config and one history entry, or the cached one. */
  void metadata(String comment, boolean singleSpace) throws IOException {
    String createdBy = String.join(" ", st.shell()) + (singleSpace ? " #(nop) " : " #(nop)  ") + comment;
    String key = key("meta", createdBy);
    if (cached(key)) return;
    committed(s.committer().commitStep(Optional.empty(), st.image, st.config, createdBy, st.author).id(), key, createdBy);
  }

  /** The cache key of a step: parent image, resulting configuration, the step's text and {@code extra}. */
  String key(String kind, String createdBy, String... extra) {
    StringBuilder sb = new StringBuilder(kind).append('\n').append(st.image.map(Digest::toString).orElse("scratch"))
        .append('\n').append(new String(Json.bytes(st.config), StandardCharsets.UTF_8)).append('\n')
        .append(st.author.orElse("")).append('\n').append(createdBy);
    for (String e : extra) sb.append('\n').append(e);
    return Digest.sha256(sb.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Uses the cached result of {@code key} if there is one (printing so), and says whether it did. */
  boolean cached(String key) {
    if (s.request().noCache()) return false;
    Optional<Digest> hit = s.cache().lookup(key, id -> s.images().store().get(id).isPresent());
    if (hit.isEmpty()) return false;
    print(" ---> Using cache\n");
    adopt(hit.get());
    return true;
  }

  /** Records a step's new image. */
  void committed(Digest image, String key, String createdBy) {
    s.cache().put(key, image, st.image, createdBy);
    adopt(image);
  }

  private void adopt(Digest image) {
    st.image = Optional.of(image);
    st.config = s.images().config(image).config();
    print(" ---> " + image.shortHex() + "\n");
  }

  void say(String text) { print(text); }

  /** The image a step's container starts from: the stage's, or the empty one for {@code FROM scratch}. */
  Digest containerImage() throws IOException {
    return st.image.isPresent() ? st.image.get() : s.scratchImage();
  }

  /** The environment RUN adds to the image's: build args in scope and the predefined proxy args given. */
  List<String> runEnv() {
    List<String> env = new ArrayList<>(st.argEnv());
    env.addAll(s.proxyArgs(st));
    return env;
  }

  /** Reads a root with {@code work}: the context, or the files of a stage or image ({@code --from}). */
  <T> T withSourceRoot(Optional<Digest> from, Builder.RootWork<T> work) throws IOException {
    if (from.isEmpty()) {
      try (RootDir root = RootDir.open(s.request().context())) {
        return work.run(root, Optional.empty());
      }
    }
    Digest image = from.get();
    String holder = s.containers().holder(image);
    try {
      return s.containers().archive().inRoot(holder, (root, c) -> work.run(root, Optional.of(image)));
    } finally {
      s.containers().remove(holder);
    }
  }

  StagePlan.Stage stage() { return stage; }
}
