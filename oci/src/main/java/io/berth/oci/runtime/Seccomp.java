package io.berth.oci.runtime;

import static io.berth.oci.runtime.OptionalJson.list;
import static io.berth.oci.runtime.OptionalJson.opt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.berth.oci.errors.BerthException;
import java.util.List;
import java.util.Optional;

/**
 * A seccomp filter (config-linux.md "Seccomp"): {@code defaultAction} for every syscall no rule matches,
 * then rules in order. Actions and operators are libseccomp's names ({@code SCMP_ACT_ALLOW},
 * {@code SCMP_ACT_ERRNO}, {@code SCMP_CMP_MASKED_EQ}, ...). {@code errnoRet}/{@code defaultErrnoRet}
 * only apply to {@code SCMP_ACT_ERRNO}/{@code SCMP_ACT_TRACE}; absent means EPERM.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"defaultAction", "defaultErrnoRet", "architectures", "flags", "syscalls"})
public record Seccomp(String defaultAction, @JsonOptional Optional<Integer> defaultErrnoRet,
    List<String> architectures, List<String> flags, List<Syscall> syscalls) {

  public Seccomp {
    OptionalJson.required(defaultAction, "seccomp defaultAction");
    defaultErrnoRet = opt(defaultErrnoRet);
    architectures = list(architectures);
    flags = list(flags);
    syscalls = list(syscalls);
  }

  /** One rule: the action for the named syscalls when all {@code args} conditions hold. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"names", "action", "errnoRet", "args"})
  public record Syscall(List<String> names, String action, @JsonOptional Optional<Integer> errnoRet, List<Arg> args) {
    public Syscall {
      names = list(names);
      if (names.isEmpty()) throw BerthException.invalid("seccomp rule without syscall names");
      OptionalJson.required(action, "seccomp action");
      errnoRet = opt(errnoRet);
      args = list(args);
    }

    public static Syscall allow(List<String> names, Arg... args) {
      return new Syscall(names, "SCMP_ACT_ALLOW", Optional.empty(), List.of(args));
    }

    public static Syscall errno(List<String> names, int errno) {
      return new Syscall(names, "SCMP_ACT_ERRNO", Optional.of(errno), List.of());
    }
  }

  /**
   * A condition on argument {@code index} (0-5): {@code op(arg, value)}, except {@code SCMP_CMP_MASKED_EQ}
   * which tests {@code (arg & value) == valueTwo}. {@code valueTwo} 0 is written too: it is meaningful.
   */
  @JsonPropertyOrder({"index", "value", "valueTwo", "op"})
  public record Arg(int index, long value, long valueTwo, String op) {
    public Arg {
      if (index < 0 || index > 5) throw BerthException.invalid("seccomp argument index out of range: %d", index);
      OptionalJson.required(op, "seccomp operator");
    }
  }
}
