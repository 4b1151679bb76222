package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Cli;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build table, instructions part: FROM, RUN, CMD, ENTRYPOINT, ENV, ARG, LABEL, EXPOSE, USER, VOLUME,
 * HEALTHCHECK, SHELL, STOPSIGNAL. Each row is built with {@code DOCKER_BUILDKIT=0 docker build} and the
 * image is then run and inspected. Every expectation was checked against dockerd 20.10.24's legacy builder
 * ({@code -Dberth.it.build.host=unix:///…}, see {@link BuildTarget}); rows marked buildKitOnly check the
 * legacy refusal there. COPY/ADD/WORKDIR/.dockerignore: {@link BuildFilesIT}; parser rules:
 * {@link BuildParserIT}; stages, cache and failures: {@link BuildStagesIT}.
 */
class BuildTableIT {
  @RegisterExtension static final BuildTarget target = new BuildTarget();

  static Stream<BuildCase> cases() {
    return Stream.of(
        BuildCase.of("from_alias_and_previous_stage", """
            FROM busybox AS base
            RUN echo base > /base
            FROM base AS mid
            RUN echo mid > /mid
            FROM mid
            RUN cat /base /mid > /both
            """)
            .runs("cat /both", "base\nmid\n")
            .outputContains("Step 1/6 : FROM busybox AS base"),

        // An ARG before the first FROM is only usable in FROM lines; a stage sees it after an ARG without
        // a value, which takes the global default.
        BuildCase.of("arg_before_from", """
            ARG BASE=busybox
            ARG TAG=latest
            FROM ${BASE}:${TAG}
            ARG TAG
            RUN echo "tag=$TAG base=[$BASE]" > /args
            """)
            .runs("cat /args", "tag=latest base=[]\n"),

        BuildCase.of("from_scratch", """
            FROM busybox AS tools
            RUN mkdir /out && echo hi > /out/hello
            FROM scratch
            COPY --from=tools /bin/busybox /bin/busybox
            COPY --from=tools /out/hello /hello
            CMD ["/bin/busybox", "cat", "/hello"]
            """)
            .runsWith("hi\n")
            .inspect("{{len .RootFS.Layers}}", "2")
            // the legacy builder gives a FROM scratch image the default PATH
            .inspect("{{json .Config.Env}}", "[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"]"),

        // Shell form runs through /bin/sh -c; exec form is not a shell, so "$HOME" stays literal there
        // (Dockerfile variables are not substituted in RUN either). History: dockerd prefixes each RUN
        // row with the build args in scope ("|1 X=1 "), exec form as its words joined by spaces.
        BuildCase.of("run_shell_and_exec_forms", """
            FROM busybox
            ARG X=1
            RUN echo "shell $HOME" > /shell
            RUN ["sh", "-c", "echo exec-form > /exec"]
            RUN ["touch", "/tmp/$HOME"]
            """)
            .runs("cat /shell /exec; ls /tmp", "shell /root\nexec-form\n$HOME\n")
            .history("|1 X=1 touch /tmp/$HOME", "|1 X=1 sh -c echo exec-form > /exec",
                "|1 X=1 /bin/sh -c echo \"shell $HOME\" > /shell", "/bin/sh -c #(nop)  ARG X=1",
                BuildCase.BUSYBOX_HISTORY[0], BuildCase.BUSYBOX_HISTORY[1]),

        // Heredocs are BuildKit syntax (dockerfile frontend 1.4): dockerd 20.10 parses the body lines as
        // instructions and says: "dockerfile parse error line 3: unknown instruction: ECHO".
        BuildCase.of("run_heredoc", """
            FROM busybox
            RUN <<EOF
            echo one > /h
            echo two >> /h
            EOF
            RUN <<EOF sh -s
            echo "from $0" >> /h
            EOF
            """)
            .runs("cat /h", "one\ntwo\nfrom sh\n")
            .buildKitOnly("unknown instruction: ECHO"),

        // Shell-form CMD is stored as ["/bin/sh","-c",...] and expands variables at run time.
        BuildCase.of("cmd_shell_form", """
            FROM busybox
            ENV WHO=world
            CMD echo hello $WHO
            """)
            .runsWith("hello world\n")
            .runsWith("other\n", "echo", "other")
            .inspect("{{json .Config.Cmd}}", "[\"/bin/sh\",\"-c\",\"echo hello $WHO\"]"),

        // Exec-form ENTRYPOINT: CMD gives default arguments, run arguments replace CMD.
        BuildCase.of("entrypoint_exec_with_cmd", """
            FROM busybox
            ENTRYPOINT ["echo", "ep"]
            CMD ["default"]
            """)
            .runsWith("ep default\n")
            .runsWith("ep x y\n", "x", "y")
            .inspect("{{json .Config.Entrypoint}} {{json .Config.Cmd}}", "[\"echo\",\"ep\"] [\"default\"]"),

        // Shell-form ENTRYPOINT ignores CMD and run arguments.
        BuildCase.of("entrypoint_shell_ignores_cmd", """
            FROM busybox
            ENTRYPOINT echo ep $HOME
            CMD ["ignored"]
            """)
            .runsWith("ep /root\n")
            .runsWith("ep /root\n", "also", "ignored")
            .inspect("{{json .Config.Entrypoint}}", "[\"/bin/sh\",\"-c\",\"echo ep $HOME\"]"),

        // Setting ENTRYPOINT clears a CMD inherited from the base image (busybox's ["sh"]).
        BuildCase.of("entrypoint_resets_inherited_cmd", """
            FROM busybox
            ENTRYPOINT ["echo", "only"]
            """)
            .runsWith("only\n")
            .inspect("{{json .Config.Cmd}}", "null"),

        BuildCase.of("env_both_syntaxes", """
            FROM busybox
            ENV A=1 B="two words" C=3\\ 4
            ENV D old style value
            ENV E=${A}-${D}
            """)
            .runs("echo \"$A|$B|$C|$D|$E\"", "1|two words|3 4|old style value|1-old style value\n")
            .inspect("{{json .Config.Env}}", "[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\","
                + "\"A=1\",\"B=two words\",\"C=3 4\",\"D=old style value\",\"E=1-old style value\"]"),

        // ARG: defaults, --build-arg overrides, scope ends with the stage, not kept in the image's env.
        BuildCase.of("arg_defaults_scope_and_build_args", """
            FROM busybox AS one
            ARG X=default
            ARG Y
            RUN echo "one X=$X Y=$Y" > /one
            FROM one
            RUN echo "two before ARG X=[$X]" > /two
            ARG X
            RUN echo "two after ARG X=[$X]" >> /two
            """)
            .flags("--build-arg", "Y=given", "--build-arg", "UNUSED=1")
            .runs("cat /one /two; echo \"env=[$X$Y]\"",
                "one X=default Y=given\ntwo before ARG X=[]\ntwo after ARG X=[]\nenv=[]\n")
            .outputContains("[Warning] One or more build-args [UNUSED] were not consumed"),

        BuildCase.of("arg_overridden_by_build_arg", """
            FROM busybox
            ARG X=default
            RUN echo "X=$X" > /x
            """)
            .flags("--build-arg", "X=given")
            .runs("cat /x", "X=given\n"),

        // The predefined proxy args need no ARG line and stay out of the image's history: dockerd writes
        // "|0 " (build args given, none of them recorded) in front of the RUN row.
        BuildCase.of("arg_predefined_proxy", """
            FROM busybox
            RUN echo "proxy=$HTTP_PROXY" > /proxy
            """)
            .flags("--build-arg", "HTTP_PROXY=http://proxy.invalid:3128")
            .runs("cat /proxy; echo \"env=[$HTTP_PROXY]\"", "proxy=http://proxy.invalid:3128\nenv=[]\n")
            .history("|0 /bin/sh -c echo \"proxy=$HTTP_PROXY\" > /proxy",
                BuildCase.BUSYBOX_HISTORY[0], BuildCase.BUSYBOX_HISTORY[1]),

        BuildCase.of("label_expose_stopsignal_volume", """
            FROM busybox
            LABEL a=b "c d"="e f"
            LABEL multi=1 \\
                  other=2
            EXPOSE 80 443/tcp 53/udp
            STOPSIGNAL SIGUSR1
            RUN mkdir /data && echo before > /data/f
            VOLUME ["/data", "/logs"]
            RUN echo after > /data/g
            """)
            .inspect("{{json .Config.Labels}}", "{\"a\":\"b\",\"c d\":\"e f\",\"multi\":\"1\",\"other\":\"2\"}")
            .inspect("{{json .Config.ExposedPorts}}", "{\"443/tcp\":{},\"53/udp\":{},\"80/tcp\":{}}")
            .inspect("{{.Config.StopSignal}}", "SIGUSR1")
            .inspect("{{json .Config.Volumes}}", "{\"/data\":{},\"/logs\":{}}")
            // changes to a volume path after VOLUME are discarded (legacy builder: the RUN's container
            // gets an anonymous volume there)
            .runs("ls /data", "f\n"),

        BuildCase.of("user_name_and_numeric", """
            FROM busybox
            USER app
            RUN id -u > /tmp/uid && touch /tmp/owned
            USER 1234:5678
            RUN touch /tmp/numeric 2>/dev/null || echo "cannot write as 1234" > /dev/null
            """)
            .runs("id -u; id -g; stat -c '%U %u' /tmp/owned; cat /tmp/uid", "1234\n5678\napp 1000\n1000\n")
            .inspect("{{.Config.User}}", "1234:5678"),

        BuildCase.of("healthcheck", """
            FROM busybox AS checked
            HEALTHCHECK --interval=5s --timeout=3s --start-period=2s --retries=4 CMD wget -q -O- http://localhost/ || exit 1
            FROM checked
            HEALTHCHECK NONE
            """)
            // dockerd 20.10 keeps the inherited Interval/Timeout/StartPeriod/Retries next to Test ["NONE"]
            // (BuildKit drops them); only Test matters to the runtime.
            .inspect("{{json .Config.Healthcheck.Test}}", "[\"NONE\"]"),

        BuildCase.of("healthcheck_exec_form", """
            FROM busybox
            HEALTHCHECK --interval=5s --timeout=3s --start-period=2s --retries=4 CMD ["true"]
            """)
            .inspect("{{json .Config.Healthcheck}}",
                "{\"Test\":[\"CMD\",\"true\"],\"Interval\":5000000000,\"Timeout\":3000000000,\"StartPeriod\":2000000000,\"Retries\":4}"),

        // SHELL changes the shell of later shell-form RUN/CMD/ENTRYPOINT; $0 shows which one ran.
        BuildCase.of("shell", """
            FROM busybox
            RUN echo "$0" > /shells
            SHELL ["/bin/ash", "-c"]
            RUN echo "$0" >> /shells
            SHELL ["/bin/echo", "via"]
            CMD hello world
            """)
            .runs("cat /shells", "/bin/sh\n/bin/ash\n")
            .runsWith("via hello world\n")
            .inspect("{{json .Config.Shell}}", "[\"/bin/echo\",\"via\"]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void builds_and_runs(BuildCase c) {
    c.verify(target);
  }

  /** ONBUILD triggers are stored, not run, in the parent and run first thing in a child built FROM it. */
  @Test
  void onbuild_triggers_run_in_the_child() {
    BuildCase.of("onbuild_parent", """
            FROM busybox
            ONBUILD RUN echo trigger > /trig
            ONBUILD COPY a.txt /a.txt
            """)
        .file("a.txt", "parent's a\n")
        .runs("test -e /trig || echo no-trigger; test -e /a.txt || echo no-a", "no-trigger\nno-a\n")
        .inspect("{{json .Config.OnBuild}}", "[\"RUN echo trigger > /trig\",\"COPY a.txt /a.txt\"]")
        .verify(target);
    Cli.Result child = BuildCase.of("onbuild_child", """
            FROM bt-onbuild-parent
            RUN cat /trig /a.txt > /seen
            """)
        .file("a.txt", "child's a\n")
        .runs("cat /seen", "trigger\nchild's a\n")
        // triggers run once: the child does not pass them on
        .inspect("{{json .Config.OnBuild}}", "null")
        .verify(target);
    assertThat(child.stdout()).contains("# Executing 2 build triggers");
  }
}
