package io.berth.cli;

import io.berth.cli.format.ContainerRows;
import io.berth.cli.format.GoTemplate;
import io.berth.cli.format.ImageRows;
import io.berth.cli.format.Table;
import io.berth.client.json.JsonFields;
import io.berth.client.json.JsonReader;
import io.berth.client.json.JsonWriter;
import io.berth.client.model.ContainerCreateRequest;
import io.berth.client.model.ContainerInspect;
import io.berth.client.model.ContainerSummary;
import io.berth.client.model.ImageSummary;
import io.berth.client.model.SystemVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The AOT training run (JDK 25, JEP 514/515): {@code bin/berth} runs this once with
 * {@code -XX:AOTCacheOutput=} so that the cache holds the classes, linkage and profiles of the
 * common paths: picocli's model and help, a failed connect, JSON parsing and model binding
 * ({@link io.berth.client.json}), table, template and inspect output.
 * It talks to no daemon (an endpoint that does not exist) and prints nothing.
 */
final class Training {
  private Training() {}

  static void run() throws IOException {
    var sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    var env = Map.of("BERTH_HOST", "unix:///nonexistent/berth-training.sock");
    for (String[] args : List.of(new String[] {"--help"}, new String[] {"version"}, new String[] {"ps", "-a"},
        new String[] {"run", "--help"}, new String[] {"run", "--rm", "-e", "A=1", "busybox", "true"},
        new String[] {"images"}, new String[] {"ps", "--bogus"}, new String[] {"logs", "-f", "x"},
        new String[] {"inspect", "x"})) {
      try (Cli cli = new Cli(sink, sink, new ByteArrayInputStream(new byte[0]), env, Clock.systemUTC())) {
        Main.run(cli, args);
      }
    }
    // JSON binding and formatting, as ps/images/inspect/run do against a daemon
    String containers = "[{\"Id\":\"" + "a".repeat(64) + "\",\"Names\":[\"/x\"],\"Image\":\"busybox\",\"ImageID\":\"sha256:" + "b".repeat(64)
        + "\",\"Command\":\"sh\",\"Created\":1700000000,\"Ports\":[{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\"}],"
        + "\"Labels\":{},\"State\":\"running\",\"Status\":\"Up 1 second\"}]";
    List<ContainerSummary> cs = JsonFields.of(Map.of("", JsonReader.parseArray(containers.getBytes(StandardCharsets.UTF_8)))).objects("", ContainerSummary::fromJson);
    sink.print(Table.render(GoTemplate.parse(ContainerRows.DEFAULT_FORMAT), ContainerRows.HEADERS,
        ContainerRows.rows(cs, true, Clock.systemUTC().instant())));
    String images = "[{\"Id\":\"sha256:" + "b".repeat(64) + "\",\"RepoTags\":[\"busybox:latest\"],\"Created\":1700000000,\"Size\":4261185}]";
    List<ImageSummary> is = JsonFields.of(Map.of("", JsonReader.parseArray(images.getBytes(StandardCharsets.UTF_8)))).objects("", ImageSummary::fromJson);
    sink.print(Table.render(GoTemplate.parse(ImageRows.DEFAULT_FORMAT), ImageRows.HEADERS,
        ImageRows.rows(is, true, Clock.systemUTC().instant())));
    Object inspect = JsonReader.parseObject(("{\"Id\":\"x\",\"State\":{\"Running\":true},\"Config\":{\"Tty\":false,\"Env\":[\"A=1\"]}}").getBytes(StandardCharsets.UTF_8));
    ContainerInspect.fromJson(JsonFields.of(inspect));
    sink.print(io.berth.cli.format.GoJson.indent(List.of(inspect)));
    sink.print(GoTemplate.parse("{{.State.Running}} {{json .Config}}").execute(inspect));
    SystemVersion.fromJson(JsonFields.of(JsonReader.parse("{\"Version\":\"1\",\"Components\":[{\"Name\":\"Engine\",\"Details\":{}}]}")));
    var create = io.berth.cli.command.CreateCommand.class;
    sink.print(create.getSimpleName());
    sink.print(JsonWriter.write(new ContainerCreateRequest(io.berth.client.model.ContainerConfig.empty(), null).toJson()));
    sink.flush();
  }
}
