package io.berth.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Body of {@code POST /containers/{id}/exec} (swagger {@code ExecConfig}), as the docker CLI sends it.
 *
 * @param consoleSize {@code [height, width]} of the client's terminal, sent with API 1.42+
 */
public record ExecOptions(List<String> cmd, List<String> env, String user, String workingDir, boolean tty,
    boolean privileged, boolean attachStdin, boolean attachStdout, boolean attachStderr, String detachKeys,
    Optional<int[]> consoleSize) {
  public ExecOptions {
    cmd = List.copyOf(cmd);
    env = List.copyOf(env);
    user = user == null ? "" : user;
    workingDir = workingDir == null ? "" : workingDir;
    detachKeys = detachKeys == null ? "" : detachKeys;
    consoleSize = consoleSize == null ? Optional.empty() : consoleSize;
  }

  public Map<String, Object> toJson(ApiVersion version) {
    var m = new java.util.LinkedHashMap<String, Object>();
    m.put("User", user);
    m.put("Privileged", privileged);
    m.put("Tty", tty);
    if (version.atLeast(new ApiVersion(1, 42))) consoleSize.ifPresent(s -> m.put("ConsoleSize", List.of(s[0], s[1])));
    m.put("AttachStdin", attachStdin);
    m.put("AttachStderr", attachStderr);
    m.put("AttachStdout", attachStdout);
    m.put("DetachKeys", detachKeys);
    m.put("Env", env);
    m.put("WorkingDir", workingDir);
    m.put("Cmd", cmd);
    return m;
  }
}
