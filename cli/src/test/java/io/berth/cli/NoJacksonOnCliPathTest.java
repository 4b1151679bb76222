package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Start-up guard: the CLI's own paths (help, version and ps without a daemon, plus the AOT
 * training run, which binds models, renders tables, templates and inspect output) must not load
 * Jackson databind, whose class loading dominated the CLI's start-up time.
 */
class NoJacksonOnCliPathTest {
  @Test
  void cli_paths_load_no_jackson_databind_class() throws Exception {
    // filecount=0: no rotation, so the JVM leaves no log.txt.N files behind in /tmp.
    Path log = Files.createTempFile("berth-classes", ".txt");
    try {
      for (List<String> args : List.<List<String>>of(List.of(), List.of("version"), List.of("ps"), List.of("inspect", "x"),
          List.of("exec", "-e", "A=1", "x", "true"))) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var cmd = new java.util.ArrayList<>(List.of(java, "-Xlog:class+load=info:file=" + log + "::filecount=0", "-cp",
            System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("BERTH_HOST", "unix:///nonexistent/berth-test.sock");
        if (args.isEmpty()) pb.environment().put("BERTH_AOT_TRAINING", "1");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String loaded = Files.readString(log);
        assertThat(loaded).as("classes loaded by berth %s", args).contains("io.berth.cli.Main")
            .doesNotContain("com.fasterxml.jackson.databind");
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
