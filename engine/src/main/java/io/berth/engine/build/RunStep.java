package io.berth.engine.build;

import io.berth.engine.build.dockerfile.Instruction;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RUN: the command in a container of the stage's image with the build args in its environment, its
 * output streamed as it comes; a zero exit commits the container's changes, anything else fails the
 * build with Docker's message. The container is removed either way, so a failed build leaves no
 * container, mount or image behind (earlier steps stay cached).
 */
final class RunStep {
  private final Builder.Session s;
  private final StageState st;
  private final StageRun stage;
  private final List<Path> scripts = new ArrayList<>();

  RunStep(Builder.Session s, StageState st, StageRun stage) {
    this.s = s;
    this.st = st;
    this.stage = stage;
  }

  void run(Instruction.Run r) throws IOException {
    List<io.berth.engine.container.BindMount> scriptBinds = new ArrayList<>();
    List<String> args = argv(r, scriptBinds);
    List<String> argEnv = st.argEnv();
    // dockerd: "|N k=v ... " when the step sees any build arg; the proxy args count for the prefix but
    // are left out of it (history must not keep proxy credentials): "|0 /bin/sh -c ..."
    boolean anyArg = !argEnv.isEmpty() || !s.proxyArgs(st).isEmpty();
    String prefix = !anyArg ? "" : "|" + argEnv.size() + " " + (argEnv.isEmpty() ? "" : String.join(" ", argEnv) + " ");
    String createdBy = prefix + String.join(" ", args);
    String network = r.network().orElse(s.request().networkMode());
    String key = stage.key("run", createdBy, String.join("\n", r.mounts()), network,
        r.heredocs().stream().map(h -> h.name() + "\n" + h.content()).reduce("", String::concat));
    if (stage.cached(key)) return;

    List<RunMounts.Spec> specs = r.mounts().stream().map(RunMounts::parse).toList();
    List<String> holders = new ArrayList<>();
    try (RunMounts.Prepared mounts = RunMounts.prepare(specs, s.request().context(), s.cacheMounts(), s.tmp(),
        (from, p) -> mountedImage(from, holders))) {
      List<io.berth.engine.container.BindMount> binds = new ArrayList<>(mounts.binds);
      binds.addAll(scriptBinds);
      String id = s.containers().create(stage.containerImage(), new BuildContainers.RunSpec(args, stage.runEnv(),
          st.config.workingDir().filter(w -> !w.isEmpty()).orElse("/"), st.config.user().orElse(""),
          networkMode(network), s.request().shmSize(), binds,
          s.request().extraHosts()));
      boolean committed = false;
      try {
        stage.say(" ---> Running in " + id.substring(0, 12) + "\n");
        int code = s.containers().run(id, stage::say);
        if (code != 0) {
          throw new Builder.StepFailed("The command '" + String.join(" ", args) + "' returned a non-zero code: "
              + code, code);
        }
        s.containers().discardUnder(id, st.config.volumes());
        Digest image = s.committer().commitStep(Optional.of(id), st.image, st.config, createdBy, st.author).id();
        committed = true;
        if (s.request().removeIntermediate()) stage.say("Removing intermediate container " + id.substring(0, 12) + "\n");
        stage.committed(image, key, createdBy);
      } finally {
        if (!committed || s.request().removeIntermediate() || s.request().forceRemove()) s.containers().remove(id);
      }
    } finally {
      holders.forEach(s.containers()::remove);
      for (Path p : scripts) java.nio.file.Files.deleteIfExists(p);
    }
  }

  /** The files of a stage or image for {@code --mount=type=bind,from=...}: a created container's rootfs. */
  private Path mountedImage(String from, List<String> holders) {
    try {
      Digest image = s.sourceImage(s.substitution().word(from, st::lookup), stage.stage().index());
      String holder = s.containers().holder(image);
      holders.add(holder);
      return s.containers().mountRootfs(holder);
    } catch (IOException e) {
      throw BerthException.internal("mounting " + from + ": " + e.getMessage(), e);
    }
  }

  private static String networkMode(String requested) {
    return switch (requested) {
      case "none" -> "none";
      case "host" -> "host";
      // dockerd's classic builder runs RUN on the default bridge (outbound through its NAT)
      case "", "default", "bridge" -> "bridge";
      default -> throw BerthException.invalid("network mode %s is not supported for RUN (use default, host or none)",
          requested);
    };
  }

  /**
   * The argv: the shell form through SHELL, the exec form as written. A heredoc that is the whole
   * command is the script (run by its {@code #!} interpreter when it has one, from a file bound at
   * {@code /dev/pipes/NAME} as BuildKit does); heredocs fed to a command ({@code sh -s <<EOF},
   * {@code cat > f <<EOF}) stay shell heredocs with a quoted delimiter, so the builder's shell passes
   * the body on untouched — the command, not the builder, expands it.
   */
  private List<String> argv(Instruction.Run r, List<io.berth.engine.container.BindMount> binds) throws IOException {
    if (!(r.command() instanceof Instruction.Command.Shell sh) || r.heredocs().isEmpty()) {
      return ConfigSteps.command(r.command(), st);
    }
    String text = sh.text().strip();
    List<String> argv = new ArrayList<>(st.shell());
    if (r.heredocs().size() == 1 && text.matches("<<-?(['\"]?)" + Pattern.quote(r.heredocs().getFirst().name()) + "\\1")) {
      String body = r.heredocs().getFirst().content();
      if (!body.startsWith("#!")) {
        argv.add(body);
        return argv;
      }
      Path script = s.tmp().resolve("heredoc-" + java.util.UUID.randomUUID());
      java.nio.file.Files.createDirectories(s.tmp());
      java.nio.file.Files.writeString(script, body);
      java.nio.file.Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      scripts.add(script);
      String target = "/dev/pipes/" + r.heredocs().getFirst().name();
      binds.add(io.berth.engine.container.BindMount.ofMount(script.toString(), target, true, "", true));
      return List.of(target);
    }
    StringBuilder script = new StringBuilder();
    Matcher m = HEREDOC.matcher(sh.text());
    while (m.find()) m.appendReplacement(script, Matcher.quoteReplacement("<<'" + m.group(2) + "'"));
    m.appendTail(script);
    for (Instruction.Heredoc h : r.heredocs()) {
      script.append('\n').append(h.content());
      if (!h.content().endsWith("\n")) script.append('\n');
      script.append(h.name());
    }
    argv.add(script.toString());
    return argv;
  }

  private static final Pattern HEREDOC = Pattern.compile("<<-?(['\"]?)([A-Za-z0-9_.-]+)\\1");
}
