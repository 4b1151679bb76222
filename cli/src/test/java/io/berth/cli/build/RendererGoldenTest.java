package io.berth.cli.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.client.json.JsonReader;
import io.berth.client.model.BuildMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders recorded {@code POST /build} streams (golden/build/*.jsonl, the legacy builder's messages)
 * and compares with golden output: {@code .plain.txt} is docker's non-terminal output byte for byte,
 * {@code .tty.txt} the live view with its escape sequences (clock: 0.5 s per message, 80 columns).
 */
class RendererGoldenTest {
  record Rendered(String out, String err) {}

  static List<BuildMessage> messages(String name) throws IOException {
    List<BuildMessage> all = new ArrayList<>();
    try (InputStream in = RendererGoldenTest.class.getResourceAsStream("/golden/build/" + name + ".jsonl")) {
      JsonReader.readValues(in, v -> all.add(BuildMessage.parse(v)));
    }
    return all;
  }

  static Rendered render(String name, Function<PrintStream[], BuildRenderer> make, AtomicLong clock) throws IOException {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    BuildRenderer r = make.apply(new PrintStream[] {new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)});
    r.contextSent(2048);
    boolean failed = false;
    for (BuildMessage m : messages(name)) {
      clock.addAndGet(500_000_000L);
      if (m instanceof BuildMessage.Error e) {
        r.failed(e.message());
        failed = true;
        break;
      }
      r.accept(m);
      r.tick();
    }
    if (!failed) r.finished();
    return new Rendered(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String golden(String file) throws IOException {
    try (InputStream in = RendererGoldenTest.class.getResourceAsStream("/golden/build/" + file)) {
      return in == null ? "<missing " + file + ">" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static void check(String file, String actual) throws IOException {
    String expected = golden(file);
    if (!expected.equals(actual)) {
      Path dump = Path.of("target", "golden-actual", file);
      Files.createDirectories(dump.getParent());
      Files.writeString(dump, actual);
    }
    assertThat(actual).as(file).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"success", "failure", "pull"})
  void plain(String name) throws IOException {
    Rendered r = render(name, s -> new PlainRenderer(s[0], s[1]), new AtomicLong());
    check(name + ".plain.txt", r.out());
    check(name + ".plain.err.txt", r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"success", "failure", "pull"})
  void tty(String name) throws IOException {
    AtomicLong clock = new AtomicLong();
    Rendered r = render(name, s -> new TtyRenderer(s[0], s[1], 80, clock::get), clock);
    check(name + ".tty.txt", r.out());
    check(name + ".tty.err.txt", r.err());
  }
}
