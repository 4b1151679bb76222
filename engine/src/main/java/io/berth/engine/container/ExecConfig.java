package io.berth.engine.container;

import io.berth.oci.errors.BerthException;
import io.berth.oci.runtime.Process;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code POST /containers/{id}/exec} asked for (Docker's {@code ExecCreateRequest}), with
 * Docker's defaults applied by {@link #withContainerDefaults}: an empty user or working directory
 * becomes the container's.
 *
 * @param cmd         the command, non-empty ({@code Cmd})
 * @param env         {@code KEY=value} entries over the container's environment
 * @param consoleSize rows and columns for a terminal, if the client sent them
 */
public record ExecConfig(List<String> cmd, List<String> env, String user, String workingDir, boolean tty,
    boolean privileged, boolean attachStdin, boolean attachStdout, boolean attachStderr, DetachKeys detachKeys,
    Optional<Process.ConsoleSize> consoleSize) {

  public ExecConfig {
    cmd = List.copyOf(cmd);
    if (cmd.isEmpty()) throw BerthException.invalid("No exec command specified");
    env = List.copyOf(env);
    user = Objects.requireNonNullElse(user, "");
    workingDir = Objects.requireNonNullElse(workingDir, "");
    if (!workingDir.isEmpty() && !workingDir.startsWith("/")) {
      throw BerthException.invalid("the working directory '%s' is invalid, it needs to be an absolute path", workingDir);
    }
    detachKeys = Objects.requireNonNullElse(detachKeys, DetachKeys.parse(""));
    consoleSize = Objects.requireNonNullElse(consoleSize, Optional.empty());
  }

  /** A healthcheck probe: output captured, no stdin, no terminal, the container's user and directory. */
  public static ExecConfig probe(List<String> cmd) {
    return new ExecConfig(cmd, List.of(), "", "", false, false, false, true, true, DetachKeys.parse(""), Optional.empty());
  }

  ExecConfig withContainerDefaults(ContainerConfig c) {
    return new ExecConfig(cmd, env, user.isEmpty() ? c.user() : user, workingDir.isEmpty() ? c.workingDir() : workingDir,
        tty, privileged, attachStdin, attachStdout, attachStderr, detachKeys, consoleSize);
  }

  /** Docker's event text and inspect form: the entrypoint, then the arguments. */
  public String entrypoint() { return cmd.getFirst(); }

  public List<String> arguments() { return cmd.subList(1, cmd.size()); }

  /** {@code "sh -c true"}, as in Docker's {@code exec_create: sh -c true} (a lone command keeps a trailing space). */
  public String eventText() { return entrypoint() + " " + String.join(" ", arguments()); }
}
