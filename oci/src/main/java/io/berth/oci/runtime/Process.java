package io.berth.oci.runtime;

import static io.berth.oci.runtime.OptionalJson.list;
import static io.berth.oci.runtime.OptionalJson.opt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.berth.oci.errors.BerthException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The container process (config.md "Process"). An empty {@code rlimits} list means the process
 * inherits the runtime's limits; {@code oomScoreAdj} absent means inherited from the runtime too.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"terminal", "consoleSize", "user", "args", "env", "cwd", "capabilities", "rlimits",
    "noNewPrivileges", "oomScoreAdj", "apparmorProfile", "selinuxLabel"})
public record Process(
    boolean terminal,
    @JsonOptional Optional<ConsoleSize> consoleSize,
    User user,
    List<String> args,
    List<String> env,
    String cwd,
    @JsonOptional Optional<Capabilities> capabilities,
    List<Rlimit> rlimits,
    boolean noNewPrivileges,
    @JsonOptional Optional<Integer> oomScoreAdj,
    @JsonOptional Optional<String> apparmorProfile,
    @JsonOptional Optional<String> selinuxLabel) {

  public Process {
    consoleSize = opt(consoleSize);
    Objects.requireNonNull(user, "user");
    args = list(args);
    env = list(env);
    OptionalJson.required(cwd, "process.cwd");
    capabilities = opt(capabilities);
    rlimits = list(rlimits);
    oomScoreAdj = opt(oomScoreAdj);
    apparmorProfile = opt(apparmorProfile);
    selinuxLabel = opt(selinuxLabel);
  }

  /** The usual shape: no console size, no rlimits, no LSM labels. */
  public Process(boolean terminal, User user, List<String> args, List<String> env, String cwd,
      Optional<Capabilities> capabilities, boolean noNewPrivileges, Optional<Integer> oomScoreAdj) {
    this(terminal, Optional.empty(), user, args, env, cwd, capabilities, List.of(), noNewPrivileges, oomScoreAdj,
        Optional.empty(), Optional.empty());
  }

  /** Terminal width and height in characters. */
  public record ConsoleSize(int height, int width) {
    public ConsoleSize {
      if (height < 0 || width < 0) throw BerthException.invalid("console size must not be negative");
    }
  }
}
