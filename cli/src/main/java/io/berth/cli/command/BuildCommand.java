package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.InvalidFlagValue;
import io.berth.cli.build.BuildContext;
import io.berth.cli.build.BuildRenderer;
import io.berth.cli.build.PlainRenderer;
import io.berth.cli.build.TtyRenderer;
import io.berth.cli.format.Refs;
import io.berth.client.BuildOptions;
import io.berth.client.BuildStream;
import io.berth.client.model.BuildMessage;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth build} (also {@code berth image build}): sends a context to {@code POST /build} (the
 * classic builder, as {@code DOCKER_BUILDKIT=0 docker build}) and renders the daemon's messages.
 * The context is resolved as the docker CLI does ({@link BuildContext}) and streamed while it is
 * written. Exit status: 0, or the failing build's error code (a RUN's exit status) or 1, as docker.
 */
@Command(name = "build", customSynopsis = "berth build [OPTIONS] PATH | -", description = "Build an image from a Dockerfile")
public final class BuildCommand extends BerthCommand {
  @Parameters(index = "0", paramLabel = "PATH | -", arity = "1") String context;

  @Option(names = {"-f", "--file"}, description = "Name of the Dockerfile (Default is \"PATH/Dockerfile\")") String file;
  @Option(names = {"-t", "--tag"}, description = "Name and optionally a tag in the \"name:tag\" format") List<String> tags = new ArrayList<>();
  @Option(names = "--build-arg", description = "Set build-time variables") List<String> buildArgs = new ArrayList<>();
  @Option(names = "--target", description = "Set the target build stage to build.") String target;
  @Option(names = "--no-cache", description = "Do not use cache when building the image") boolean noCache;
  @Option(names = {"-q", "--quiet"}, description = "Suppress the build output and print image ID on success") boolean quiet;
  @Option(names = "--label", description = "Set metadata for an image") List<String> labels = new ArrayList<>();
  @Option(names = "--progress", description = "Set type of progress output (auto, plain, tty)") String progress = "auto";
  @Option(names = "--iidfile", description = "Write the image ID to the file") String iidfile;
  @Option(names = "--network", description = "Set the networking mode for the RUN instructions during build") String network = "default";
  @Option(names = "--add-host", description = "Add a custom host-to-IP mapping (\"host:ip\")") List<String> addHosts = new ArrayList<>();
  @Option(names = "--shm-size", description = "Size of \"/dev/shm\"") String shmSize;
  @Option(names = "--platform", description = "Set platform if server is multi-platform capable") String platform;
  @Option(names = "--pull", description = "Always attempt to pull a newer version of the image") boolean pull;
  @Option(names = "--rm", arity = "0..1", fallbackValue = "true", description = "Remove intermediate containers after a successful build (default true)")
  boolean rm = true;
  @Option(names = "--force-rm", description = "Always remove intermediate containers") boolean forceRm;
  @Option(names = "--cache-from", split = ",", description = "Images to consider as cache sources") List<String> cacheFrom = new ArrayList<>();

  @Override protected int execute(Cli cli) throws Exception {
    BuildOptions options = options(cli.env());
    boolean tty = switch (progress) {
      case "auto" -> cli.stdoutIsTerminal();
      case "plain" -> false;
      case "tty" -> true;
      default -> throw new InvalidFlagValue("--progress", progress, "must be auto, plain or tty");
    };
    if (iidfile != null) {
      try {
        Files.deleteIfExists(Path.of(iidfile)); // no stale ID if this build fails
      } catch (IOException e) {
        throw new IllegalArgumentException("Removing image ID file: " + e.getMessage());
      }
    }
    BuildContext.Prepared prepared = BuildContext.prepare(context, Optional.ofNullable(file), cli.in(),
        Path.of("").toAbsolutePath());
    BuildOptions withFile = prepared.dockerfile().map(d -> withDockerfile(options, d)).orElse(options);
    BuildRenderer renderer = quiet ? null : tty
        ? new TtyRenderer(cli.out(), cli.err(), io.berth.cli.term.Terminal.size(1).map(s -> s.cols()).orElse(80), System::nanoTime)
        : new PlainRenderer(cli.out(), cli.err());
    return run(cli, prepared, withFile, renderer);
  }

  private int run(Cli cli, BuildContext.Prepared prepared, BuildOptions options, BuildRenderer renderer) throws Exception {
    PipedInputStream body = new PipedInputStream(1 << 20);
    Counting sink = new Counting(new PipedOutputStream(body));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer = Thread.ofVirtual().name("build-context").start(() -> {
      try (sink) {
        prepared.body().writeTo(sink);
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    Optional<String> id = Optional.empty();
    StringBuilder quietText = new StringBuilder();
    BuildMessage.Error error = null;
    Thread ticker = null;
    try (body) {
      BuildStream stream;
      try {
        stream = cli.client().build(options, body);
      } finally {
        body.close(); // a daemon that answered early leaves the writer blocked: unblock it
        writer.join();
        rethrow(failure.get());
      }
      try (stream) {
        if (renderer != null) {
          renderer.contextSent(sink.count);
          if (renderer instanceof TtyRenderer) ticker = Thread.ofVirtual().start(() -> tick(renderer));
        }
        while (stream.hasNext()) {
          BuildMessage m = stream.next();
          if (m instanceof BuildMessage.Error e) {
            error = e;
            break;
          }
          if (m instanceof BuildMessage.Aux a && a.imageId().isPresent()) id = a.imageId();
          if (quiet) {
            if (m instanceof BuildMessage.Stream s) quietText.append(s.text());
          } else {
            renderer.accept(m);
          }
        }
      }
    } finally {
      if (ticker != null) ticker.interrupt();
    }
    if (error != null) {
      if (quiet) {
        cli.err().print(quietText);
        cli.err().println(error.message());
      } else {
        renderer.failed(error.message());
      }
      throw new CommandFailure(error.code() == 0 ? ExitCodes.FAILURE : error.code(), "");
    }
    if (renderer != null) renderer.finished();
    String written = id.orElse("");
    if (quiet) {
      // docker prints the daemon's quiet output (the ID and a newline) and writes it to --iidfile
      written = quietText.isEmpty() ? id.map(i -> i + "\n").orElse("") : quietText.toString();
      cli.out().print(written);
      cli.out().flush();
    }
    if (iidfile != null) {
      if (written.isEmpty()) throw new IllegalArgumentException("Server did not provide an image ID. Cannot write " + iidfile);
      Files.writeString(Path.of(iidfile), written, StandardCharsets.UTF_8);
    }
    return ExitCodes.OK;
  }

  private static void tick(BuildRenderer renderer) {
    try {
      while (true) {
        Thread.sleep(100);
        renderer.tick();
      }
    } catch (InterruptedException e) {
      // the build ended
    }
  }

  private static void rethrow(Throwable t) throws Exception {
    if (t == null) return;
    if (t instanceof IOException io && String.valueOf(io.getMessage()).matches("(?i).*(pipe closed|read end dead).*")) return;
    if (t instanceof Exception e) throw e;
    throw (Error) t;
  }

  /** The request's options from the flags (the Dockerfile parameter comes from the context). */
  BuildOptions options(Map<String, String> env) {
    BuildOptions.Builder b = BuildOptions.builder();
    for (String t : tags) {
      if (Refs.parse(t).isEmpty()) throw new InvalidFlagValue("-t, --tag", t, "invalid reference format");
      b.tag(t);
    }
    for (String a : buildArgs) {
      int eq = a.indexOf('=');
      String k = eq < 0 ? a : a.substring(0, eq);
      if (k.isEmpty()) throw new InvalidFlagValue("--build-arg", a, "invalid environment variable: " + a);
      // docker's ValidateEnv: "K" takes K from the environment; an unset K is sent as null (no value)
      Optional<String> v = eq >= 0 ? Optional.of(a.substring(eq + 1)) : Optional.ofNullable(env.get(k));
      b.buildArg(k, v);
    }
    for (String l : labels) {
      int eq = l.indexOf('=');
      String k = eq < 0 ? l : l.substring(0, eq);
      if (k.isBlank()) throw new InvalidFlagValue("--label", l, "invalid label '" + l + "': empty name");
      b.label(k, eq < 0 ? "" : l.substring(eq + 1));
    }
    for (String h : addHosts) {
      int sep = h.indexOf(':') > 0 ? h.indexOf(':') : h.indexOf('=');
      if (sep <= 0 || sep == h.length() - 1) throw new InvalidFlagValue("--add-host", h, "bad format for add-host: " + io.berth.cli.format.Units.goQuote(h));
      b.extraHost(h.substring(0, sep) + ":" + h.substring(sep + 1));
    }
    if (target != null) b.target(target);
    if (shmSize != null) {
      try {
        b.shmSize(ResourceFlags.ramInBytes(shmSize));
      } catch (IllegalArgumentException e) {
        throw new InvalidFlagValue("--shm-size", shmSize, e.getMessage());
      }
    }
    String plat = platform != null ? platform : env.getOrDefault("DOCKER_DEFAULT_PLATFORM", "");
    if (!plat.isEmpty()) b.platform(plat);
    cacheFrom.forEach(b::cacheFrom);
    return b.noCache(noCache).quiet(quiet).rm(rm).forceRm(forceRm).pull(pull).networkMode(network).build();
  }

  private static BuildOptions withDockerfile(BuildOptions o, String dockerfile) {
    return new BuildOptions(o.tags(), Optional.of(dockerfile), o.buildArgs(), o.labels(), o.target(), o.noCache(), o.quiet(),
        o.rm(), o.forceRm(), o.networkMode(), o.shmSize(), o.extraHosts(), o.platform(), o.pull(), o.cacheFrom());
  }

  /** Counts the bytes of context written (docker's "Sending build context" size). */
  private static final class Counting extends FilterOutputStream {
    volatile long count;

    Counting(OutputStream out) { super(out); }

    @Override public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
