package io.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.CommandFailure;
import io.berth.client.ApiJson;
import io.berth.client.json.JsonReader;
import io.berth.client.model.ContainerSummary;
import io.berth.client.model.ImageSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * {@code ps}, {@code images} and {@code inspect} with {@code --format} and friends, compared byte
 * for byte (stdout, stderr, exit status) with the real docker CLI 28.2.2: golden/templates/golden.jsonl
 * holds what docker printed for each command line of cases.py over the fixtures of that directory,
 * served by fake_daemon.py (generate.py regenerates it). Time-dependent columns use the clock of the
 * generation run ({@link #NOW}).
 */
class TemplateGoldenTest {
  /** When the golden file was generated: the fixtures were created about three years before. */
  private static final Instant NOW = Instant.ofEpochSecond(1_795_816_000L);

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = TemplateGoldenTest.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) throw new IOException("missing resource " + name);
      return in.readAllBytes();
    }
  }

  private record Outcome(String stdout, String stderr, int exit) {}

  @TestFactory
  Stream<DynamicTest> docker_cli_output_for_each_case() throws IOException {
    List<ContainerSummary> containers = ApiJson.mapper().readValue(resource("templates/format-containers.json"), new TypeReference<>() {});
    List<ImageSummary> images = ApiJson.mapper().readValue(resource("images.json"), new TypeReference<>() {});
    @SuppressWarnings("unchecked")
    Map<String, Object> container = (Map<String, Object>) JsonReader.parse(new String(resource("templates/inspect-container.json"), StandardCharsets.UTF_8));
    @SuppressWarnings("unchecked")
    Map<String, Object> image = (Map<String, Object>) JsonReader.parse(new String(resource("templates/inspect-image.json"), StandardCharsets.UTF_8));
    List<DynamicTest> tests = new ArrayList<>();
    for (String line : new String(resource("templates/golden.jsonl"), StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) continue;
      JsonNode g = ApiJson.mapper().readTree(line);
      List<String> args = new ArrayList<>();
      g.get("args").forEach(a -> args.add(a.asText()));
      var expected = new Outcome(g.get("stdout").asText(), g.get("stderr").asText().replace("docker", "berth"), g.get("exit").asInt());
      tests.add(DynamicTest.dynamicTest(String.join(" ", args), () ->
          assertThat(run(args, containers, images, container, image)).isEqualTo(expected)));
    }
    return tests.stream();
  }

  /** The command as berth runs it, minus the daemon: the fixtures stand for its answers. */
  private static Outcome run(List<String> args, List<ContainerSummary> containers, List<ImageSummary> images,
      Map<String, Object> container, Map<String, Object> image) {
    String[] rest = args.subList(1, args.size()).toArray(String[]::new);
    var err = new StringBuilder();
    try {
      switch (args.getFirst()) {
        case "ps" -> {
          var ps = new PsCommand();
          new CommandLine(ps).parseArgs(rest);
          if (ps.format != null && !ps.format.isEmpty() && ps.quiet) {
            err.append("WARNING: Ignoring custom format, because both --format and --quiet are set.\n");
          }
          var options = ps.listOptions();
          return new Outcome(ps.output(containers, options.size(), NOW), err.toString(), 0);
        }
        case "images" -> {
          var cmd = new ImagesCommand();
          new CommandLine(cmd).parseArgs(rest);
          return new Outcome(cmd.output(images, NOW), "", 0);
        }
        case "inspect" -> {
          var cmd = new InspectCommand();
          new CommandLine(cmd).parseArgs(rest);
          // as the fixture daemon answers: fmt1 is the container, any other name the image
          List<Map<String, Object>> docs = cmd.names.stream()
              .map(n -> n.equals("fmt1") && !"image".equals(cmd.type) ? container : image).toList();
          String[] o = cmd.outputFor(docs);
          return new Outcome(o[0], o[1], Integer.parseInt(o[2]));
        }
        default -> throw new IllegalArgumentException(args.getFirst());
      }
    } catch (CommandFailure e) {
      return new Outcome("", err + (e.getMessage().isEmpty() ? "" : e.getMessage() + "\n"), e.exitCode());
    }
  }
}
