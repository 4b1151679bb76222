package io.berth.engine.build;

import io.berth.engine.archive.RootDir;
import io.berth.engine.build.dockerfile.Dockerfile;
import io.berth.engine.build.dockerfile.DockerfileParser;
import io.berth.engine.build.dockerfile.Instruction;
import io.berth.engine.build.dockerfile.Substitution;
import io.berth.engine.image.Image;
import io.berth.engine.image.ImageCommitter;
import io.berth.engine.image.ImageService;
import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;

/**
 * {@code docker build} with the classic builder's semantics and output: parses the Dockerfile,
 * builds the stages the target needs (independent ones in parallel), tags the result and reports
 * {@code Successfully built}/{@code tagged}. Errors are thrown after everything the build made but
 * did not finish is removed; the steps that did finish stay cached.
 */
public final class Builder {
  /** The proxy variables every build may use without declaring them (kept out of history and cache). */
  static final Set<String> PROXY_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
      "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

  /** A RUN that exited non-zero: the message and the code Docker reports. */
  public static final class StepFailed extends RuntimeException {
    private final int code;

    StepFailed(String message, int code) {
      super(message);
      this.code = code;
    }

    public int code() { return code; }
  }

  /** Pulls an image FROM or COPY --from names that is not here, writing Docker's JSON progress to {@code progress}. */
  @FunctionalInterface
  public interface Puller {
    void pull(ImageReference ref, java.io.OutputStream progress) throws IOException;
  }

  @FunctionalInterface
  interface RootWork<T> {
    T run(RootDir root, Optional<Digest> image) throws IOException;
  }

  private final ImageService images;
  private final ImageCommitter committer;
  private final BuildContainers containers;
  private final BuildCache cache;
  private final Path tmp;
  private final Path cacheMounts;
  private volatile Optional<Puller> puller = Optional.empty();

  /**
   * @param tmp         scratch space on the data root (wiped at start-up)
   * @param cacheMounts where {@code RUN --mount=type=cache} directories live
   */
  public Builder(ImageService images, ImageCommitter committer, io.berth.engine.container.ContainerService ctrs,
      io.berth.engine.container.ContainerArchive archive, io.berth.engine.logs.LogReader logs,
      io.berth.engine.snapshot.Snapshotter snapshotter, BuildCache cache, Path tmp, Path cacheMounts) {
    this.images = images;
    this.committer = committer;
    this.containers = new BuildContainers(ctrs, archive, logs, snapshotter);
    this.cache = cache;
    this.tmp = tmp;
    this.cacheMounts = cacheMounts;
  }

  public BuildCache cache() { return cache; }

  /** Lets FROM and COPY --from pull images that are not here, as the classic builder does. */
  public Builder withPuller(Puller p) {
    this.puller = Optional.of(p);
    return this;
  }

  /** At start-up: the containers of builds a crash interrupted go (their images were never committed). */
  public int removeLeftovers() {
    return containers.removeLeftovers();
  }

  /** Checks {@code --platform}/{@code FROM --platform}: only this host's. */
  static void checkPlatform(String platform) {
    if (platform.isEmpty()) return;
    String p = platform.toLowerCase(java.util.Locale.ROOT);
    if (!p.equals("linux/amd64") && !p.equals("linux") && !p.equals("linux/x86_64")) {
      throw BerthException.invalid("\"%s\" is not supported: berth builds linux/amd64 images only", platform);
    }
  }

  /** The {@code platform} parameter of a build: empty or this host's. */
  public static void checkPlatformParam(String platform) {
    checkPlatform(platform);
  }

  /** Builds; returns the image. Progress goes to {@code out}; failures are thrown. */
  public Image build(BuildRequest req, BuildOutput out) throws IOException {
    String text = Files.readString(req.dockerfilePath(), StandardCharsets.UTF_8);
    Dockerfile df = DockerfileParser.parse(req.dockerfile(), text);
    Session s = new Session(req, df, out);
    if (!req.quiet()) df.warnings().forEach(w -> out.stream(w + "\n"));
    if (df.syntax().isPresent() && !req.quiet()) {
      out.stream("Note: the syntax directive (" + df.syntax().get() + ") is ignored: berth's builder is built in\n");
    }
    List<String> tags = new ArrayList<>();
    for (String t : req.tags()) tags.add(ImageReference.parseWithDefaultTag(t).toString());
    try {
      Digest id = s.run();
      Image img = images.get(id.toString());
      for (String t : tags) images.tag(id.toString(), t, Optional.empty());
      Set<String> unused = new TreeSet<>(req.buildArgs().keySet());
      unused.removeAll(s.usedArgs);
      unused.removeAll(PROXY_ARGS);
      if (!req.quiet() && !unused.isEmpty()) {
        out.stream("[Warning] One or more build-args " + unused + " were not consumed\n");
      }
      out.aux(id);
      if (req.quiet()) {
        out.stream(id + "\n");
      } else {
        out.stream("Successfully built " + id.shortHex() + "\n");
        for (String t : req.tags()) {
          out.stream("Successfully tagged " + ImageReference.parseWithDefaultTag(t).familiarString() + "\n");
        }
      }
      return img;
    } catch (RuntimeException | IOException e) {
      if (req.quiet()) out.stream(s.quietLog.toString());
      throw e;
    } finally {
      s.dropScratch();
    }
  }

  /** What the stages of one build share. */
  final class Session {
    private final BuildRequest req;
    private final Dockerfile df;
    private final StagePlan plan;
    private final Substitution subst;
    private final Map<String, Optional<String>> meta = new LinkedHashMap<>();
    private final Map<Integer, CompletableFuture<Digest>> results = new ConcurrentHashMap<>();
    private final Set<String> usedArgs = ConcurrentHashMap.newKeySet();
    private final StringBuilder quietLog = new StringBuilder();
    private final OrderedOutput ordered;
    private volatile boolean cancelled;
    private volatile Optional<Digest> scratch = Optional.empty();

    Session(BuildRequest req, Dockerfile df, BuildOutput out) {
      this.req = req;
      this.df = df;
      this.subst = new Substitution(df.escape());
      this.ordered = new OrderedOutput(out);
      for (Instruction.Arg a : StagePlan.metaArgs(df)) {
        for (Instruction.Arg.ArgDecl d : a.args()) {
          Optional<String> v = buildArg(d.name());
          if (v.isEmpty()) v = d.rawDefault().map(raw -> subst.word(raw, n -> meta.getOrDefault(n, Optional.empty())));
          meta.put(d.name(), v);
        }
      }
      this.plan = StagePlan.of(df, req.target(), this::expandMeta);
    }

    Digest run() throws IOException {
      OrderedOutput.Part metaPart = ordered.part();
      int step = 1;
      for (Instruction.Arg a : plan.metaArgs()) {
        String line = "Step " + step++ + "/" + plan.totalSteps() + " : " + a.original() + "\n";
        if (req.quiet()) quietLog(line);
        else metaPart.stream(line);
      }
      metaPart.finish();
      List<Integer> order = new ArrayList<>(plan.needed());
      try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i : order) results.put(i, new CompletableFuture<>());
        for (int i : order) {
          StagePlan.Stage stage = plan.stages().get(i);
          OrderedOutput.Part part = ordered.part();
          exec.submit(() -> {
            try {
              results.get(i).complete(new StageRun(this, stage, part).run());
            } catch (Throwable t) {
              cancelled = true;
              if (!(t instanceof Cancelled)) part.fail();
              results.get(i).completeExceptionally(t);
            } finally {
              part.finish();
            }
          });
        }
      }
      for (int i : order) {
        try {
          results.get(i).get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Cancelled) continue;
          rethrow(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
      return results.get(plan.target()).join();
    }

    private static void rethrow(Throwable t) throws IOException {
      if (t instanceof IOException io) throw io;
      if (t instanceof RuntimeException r) throw r;
      if (t instanceof Error err) throw err;
      throw new IOException(t);
    }

    void checkNotCancelled() {
      if (cancelled) throw new Cancelled();
    }

    /** The result of stage {@code ref} (named or numbered) before {@code stage}, or a local image. */
    Digest sourceImage(String ref, int stage) {
      Optional<Integer> s = StagePlan.find(plan.stages(), ref, stage);
      if (s.isPresent()) return awaitStage(s.get());
      return localOrPulled(ref).orElseThrow(() -> BerthException.invalid("invalid from flag value %s: No such image: %s",
          ref, ImageReference.parseWithDefaultTag(ref).familiarString()));
    }

    /** FROM's base: an earlier stage by name, or a local image (berth does not pull yet). */
    Digest baseImage(String ref, int stage) {
      String lower = ref.toLowerCase(java.util.Locale.ROOT);
      for (int i = stage - 1; i >= 0; i--) {
        if (plan.stages().get(i).name().filter(lower::equals).isPresent()) return awaitStage(i);
      }
      return localOrPulled(ref).orElseThrow(() -> BerthException.notFound(
          "pull access denied for %s, repository does not exist or may require 'docker login': No such image: %s",
          ImageReference.parseWithDefaultTag(ref).familiarString().replaceFirst(":[^:/]*$", ""),
          ImageReference.parseWithDefaultTag(ref).familiarString()));
    }

    /** A local image, else (with a puller) the image pulled now, its progress passed on as dockerd does. */
    private Optional<Digest> localOrPulled(String ref) {
      Optional<Digest> local = images.find(ref).map(Image::id);
      if (local.isPresent() || puller.isEmpty()) return local;
      ImageReference wanted;
      try {
        wanted = ImageReference.parseWithDefaultTag(ref);
      } catch (RuntimeException e) {
        throw BerthException.invalid("invalid reference format: %s", ref);
      }
      try (java.io.OutputStream lines = new JsonLines(req.quiet() ? m -> { } : ordered.out()::json)) {
        puller.get().pull(wanted, lines);
      } catch (IOException e) {
        throw BerthException.internal("pulling " + wanted.familiarString() + ": " + e.getMessage(), e);
      }
      return images.find(wanted.toString()).map(Image::id);
    }

    private Digest awaitStage(int i) {
      try {
        return results.get(i).get();
      } catch (ExecutionException e) {
        throw new Cancelled();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Cancelled();
      }
    }

    Digest scratchImage() throws IOException {
      synchronized (this) {
        if (scratch.isEmpty()) scratch = Optional.of(committer.scratchImage());
        return scratch.get();
      }
    }

    /** The empty image exists only while the build needs it (it would show as a dangling image). */
    void dropScratch() {
      scratch.ifPresent(id -> {
        try {
          if (images.store().all().stream().noneMatch(r -> images.store().parentOf(r.id()).filter(id::equals).isPresent())) {
            images.delete(id.toString(), false, true);
          }
        } catch (IOException | RuntimeException ignored) {
          // in use by another build's container: that build drops it
        }
      });
    }

    String expandMeta(String raw) {
      return subst.word(raw, n -> meta.getOrDefault(n, Optional.empty()));
    }

    Optional<String> metaArg(String name) {
      usedArgs.add(name);
      return meta.getOrDefault(name, Optional.empty());
    }

    /** A {@code --build-arg} value; marks the arg as consumed. */
    Optional<String> buildArg(String name) {
      Optional<String> v = req.buildArgs().getOrDefault(name, Optional.empty());
      if (req.buildArgs().containsKey(name)) usedArgs.add(name);
      return v;
    }

    /** The predefined proxy args given with --build-arg, unless the stage declares them itself. */
    List<String> proxyArgs(StageState st) {
      List<String> out = new ArrayList<>();
      for (String p : PROXY_ARGS) {
        if (st.args.containsKey(p)) continue;
        req.buildArgs().getOrDefault(p, Optional.empty()).ifPresent(v -> out.add(p + "=" + v));
      }
      out.sort(null);
      return out;
    }

    void quietLog(String text) {
      synchronized (quietLog) {
        quietLog.append(text);
      }
    }

    BuildRequest request() { return req; }
    StagePlan plan() { return plan; }
    Substitution substitution() { return subst; }
    String dockerfileName() { return df.name(); }
    ImageService images() { return images; }
    ImageCommitter committer() { return committer; }
    BuildContainers containers() { return containers; }
    BuildCache cache() { return cache; }
    Path tmp() { return tmp; }
    Path cacheMounts() { return cacheMounts; }
  }

  /** Cuts a stream of JSON lines ({@code ...\r\n}) into messages. */
  private static final class JsonLines extends java.io.OutputStream {
    private final java.util.function.Consumer<byte[]> sink;
    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

    JsonLines(java.util.function.Consumer<byte[]> sink) {
      this.sink = sink;
    }

    @Override public void write(int b) {
      if (b == '\n') {
        byte[] l = line.toByteArray();
        int n = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
        if (n > 0) sink.accept(java.util.Arrays.copyOf(l, n));
        line.reset();
      } else {
        line.write(b);
      }
    }
  }

  /** A stage stopped because another failed first (that failure is the one reported). */
  static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("cancelled", null, false, false);
    }
  }
}
