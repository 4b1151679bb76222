package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.oci.errors.BerthException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerTopTest {
  private static final String PS_EF = """
      UID          PID    PPID  C STIME TTY          TIME CMD
      root           1       0  0 10:00 ?        00:00:01 /sbin/init
      root        4242    4240  0 10:01 ?        00:00:00 sh -c while true; do date; sleep 0.1; done
      root        4250    4242  0 10:01 ?        00:00:00 sleep 0.1
      root        5000       1  0 10:02 ?        00:00:00 /usr/bin/other
      """;

  @Test
  void keeps_the_containers_rows_and_joins_the_command() {
    ContainerTop.Result r = ContainerTop.parse(PS_EF, Set.of(4242, 4250));
    assertThat(r.titles()).containsExactly("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
    assertThat(r.processes()).containsExactly(
        List.of("root", "4242", "4240", "0", "10:01", "?", "00:00:00", "sh -c while true; do date; sleep 0.1; done"),
        List.of("root", "4250", "4242", "0", "10:01", "?", "00:00:00", "sleep 0.1"));
  }

  @Test
  void thread_rows_follow_their_process() {
    String psL = """
        PID   LWP CMD
        4242     - sh
        -     4242 -
        5000     - other
        -     5000 -
        """;
    ContainerTop.Result r = ContainerTop.parse(psL, Set.of(4242));
    assertThat(r.processes()).containsExactly(List.of("4242", "-", "sh"), List.of("-", "4242", "-"));
  }

  @Test
  void output_without_a_pid_column_is_an_error() {
    assertThatThrownBy(() -> ContainerTop.parse("USER COMMAND\nroot sh\n", Set.of(1)))
        .hasMessage("Couldn't find PID field in ps output");
  }

  @Test
  void renaming_the_pid_column_is_refused() {
    assertThatThrownBy(() -> ContainerTop.validate("-o foo=PID")).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("specifying \"foo=PID\" is not allowed");
    ContainerTop.validate("-o pid=PID");
    ContainerTop.validate("aux");
  }
}
