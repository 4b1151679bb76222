package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /events} as it streams, through the API, the real docker CLI and {@code berth events}. */
class EventsIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  @Test
  void the_api_streams_container_events_as_they_happen() throws Exception {
    String filters = enc("{\"container\":{\"ev-live\":true}}");
    try (var stream = EventStream.open(berth.daemon().socket(), "/events?filters=" + filters)) {
      assertThat(stream.status()).isEqualTo(200);
      var run = berth.berth("run", "--name", "ev-live", "--label", "team=core", "busybox", "sh", "-c", "exit 2");
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      JsonNode create = stream.next();
      assertThat(create.path("Action").asText()).as(create.toString()).isEqualTo("create");
      assertThat(create.path("Type").asText()).isEqualTo("container");
      assertThat(create.path("status").asText()).isEqualTo("create");
      String id = create.path("id").asText();
      assertThat(id).matches("[0-9a-f]{64}");
      assertThat(create.path("from").asText()).isEqualTo("busybox");
      assertThat(create.at("/Actor/ID").asText()).isEqualTo(id);
      assertThat(create.at("/Actor/Attributes/name").asText()).isEqualTo("ev-live");
      assertThat(create.at("/Actor/Attributes/image").asText()).isEqualTo("busybox");
      assertThat(create.at("/Actor/Attributes/team").asText()).isEqualTo("core");
      assertThat(create.path("scope").asText()).isEqualTo("local");
      long nanos = create.path("timeNano").asLong();
      assertThat(create.path("time").asLong()).isEqualTo(nanos / 1_000_000_000L);
      assertThat(Math.abs(nanos / 1_000_000_000L - Instant.now().getEpochSecond())).isLessThan(60);

      assertThat(stream.next().path("Action").asText()).isEqualTo("start");
      JsonNode die = stream.next();
      assertThat(die.path("Action").asText()).isEqualTo("die");
      assertThat(die.at("/Actor/Attributes/exitCode").asText()).isEqualTo("2");

      assertThat(berth.berth("rm", "ev-live").exitCode()).isZero();
      assertThat(stream.next().path("Action").asText()).isEqualTo("destroy");
      BerthDaemon.eventually(Duration.ofSeconds(10), "this stream is the one subscription", () -> listeners() == 1);
    }
    // a client that hangs up is noticed at once, even with no event flowing
    BerthDaemon.eventually(Duration.ofSeconds(10), "the subscription is gone", () -> listeners() == 0);
  }

  private static int listeners() {
    return berth.api().get("/info").json().path("NEventsListener").asInt(-1);
  }

  @Test
  void since_and_until_replay_stored_events_and_end_the_stream() {
    String since = now();
    var run = berth.berth("run", "--rm", "--name", "ev-past", "busybox", "true");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String until = now();
    var r = berth.api().get("/events?since=" + since + "&until=" + until + "&filters=" + enc("{\"container\":[\"ev-past\"]}"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<String> actions = new ArrayList<>();
    for (String line : r.text().split("\n")) actions.add(tree(line).path("Action").asText());
    assertThat(actions).containsSubsequence("create", "start", "die", "destroy");

    var filtered = berth.api().get("/events?since=" + since + "&until=" + until + "&filters="
        + enc("{\"container\":[\"ev-past\"],\"event\":[\"die\"]}"));
    assertThat(filtered.text().strip().lines()).hasSize(1).allMatch(l -> l.contains("\"Action\":\"die\""));

    // an until in the future ends the stream when it comes
    long t0 = System.nanoTime();
    var future = berth.api().get("/events?until=" + (Instant.now().getEpochSecond() + 2) + "&filters=" + enc("{\"type\":[\"network\"]}"));
    assertThat(future.status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(10));
  }

  @Test
  void docker_events_streams_and_formats_like_dockerd() throws Exception {
    try (var json = berth.cli().startDocker("events", "--filter", "container=ev-docker", "--format", "{{json .}}");
        var lines = berth.cli().startDocker("events", "--filter", "container=ev-docker", "--filter", "event=start")) {
      Thread.sleep(1000); // the CLIs connect
      var run = berth.docker("run", "-d", "--name", "ev-docker", "busybox", "sleep", "300");
      assertThat(run.exitCode()).as(run.toString()).isZero();
      String id = run.out();
      String out = json.awaitStdout(s -> s.contains("\"Action\":\"start\""), Duration.ofSeconds(20));
      JsonNode first = tree(out.lines().findFirst().orElseThrow());
      assertThat(first.path("Action").asText()).isEqualTo("create");
      assertThat(first.at("/Actor/ID").asText()).isEqualTo(id);
      String line = lines.awaitStdout(s -> s.contains("\n"), Duration.ofSeconds(20)).lines().findFirst().orElseThrow();
      assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}(Z|[+-]\\d\\d:\\d\\d) container start " + id
          + " \\(image=busybox, name=ev-docker\\)");
    }
    var rm = berth.docker("rm", "-f", "ev-docker");
    assertThat(rm.exitCode()).as(rm.toString()).isZero();
    // a duration counts whole seconds back from now ("0s" would end before the rm): pass the time itself
    var past = berth.docker("events", "--since", "5m", "--until", now(), "--filter", "container=ev-docker",
        "--format", "{{.Action}} {{.Actor.Attributes.name}}");
    assertThat(past.exitCode()).as(past.toString()).isZero();
    assertThat(past.stdout().lines().toList()).containsSubsequence("create ev-docker", "start ev-docker", "kill ev-docker",
        "die ev-docker", "destroy ev-docker");
  }

  @Test
  void berth_events_prints_dockers_lines_and_json() throws Exception {
    try (var plain = berth.cli().startBerth("events", "-f", "container=ev-berth");
        var json = berth.cli().startBerth("events", "-f", "type=container", "-f", "event=pause", "--format", "json")) {
      Thread.sleep(1500); // the CLIs connect
      assertThat(berth.berth("run", "-d", "--name", "ev-berth", "busybox", "sleep", "300").exitCode()).isZero();
      assertThat(berth.berth("pause", "ev-berth").exitCode()).isZero();
      assertThat(berth.berth("unpause", "ev-berth").exitCode()).isZero();
      assertThat(berth.berth("rename", "ev-berth", "ev-berth2").exitCode()).isZero();
      String id = berth.api().get("/containers/ev-berth2/json").json().path("Id").asText();
      String out = plain.awaitStdout(s -> s.contains(" container rename "), Duration.ofSeconds(20));
      assertThat(out).contains(" container create " + id + " (image=busybox, name=ev-berth)\n")
          .contains(" container pause " + id + " (image=busybox, name=ev-berth)\n")
          .contains(" container unpause " + id)
          .contains(" container rename " + id + " (image=busybox, name=ev-berth2, oldName=/ev-berth)\n");
      String j = json.awaitStdout(s -> s.contains("\n"), Duration.ofSeconds(20));
      assertThat(j.lines().toList()).hasSize(1);
      assertThat(tree(j.strip()).path("Action").asText()).isEqualTo("pause");
    }
    assertThat(berth.berth("rm", "-f", "ev-berth2").exitCode()).isZero();
  }

  @Test
  void image_events_name_the_image() {
    String since = now();
    assertThat(berth.berth("tag", "busybox", "ev-image:1").exitCode()).isZero();
    assertThat(berth.berth("rmi", "ev-image:1").exitCode()).isZero();
    var r = berth.docker("events", "--since", since, "--until", now(), "--filter", "type=image");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    String imageId = berth.busyboxId();
    assertThat(r.stdout()).contains(" image tag " + imageId + " (name=ev-image:1)\n")
        .contains(" image untag " + imageId + " (name=" + imageId + ")\n");
  }

  @Test
  void malformed_requests_get_clear_errors() {
    var badFilter = berth.api().get("/events?filters=" + enc("{not json"));
    assertThat(badFilter.status()).isEqualTo(400);
    assertThat(badFilter.json().path("message").asText()).isEqualTo("invalid filter");
    var badSince = berth.api().get("/events?since=yesterday");
    assertThat(badSince.status()).isEqualTo(400);
    assertThat(badSince.json().path("message").asText()).isEqualTo("invalid value for 'since': strconv.ParseInt: parsing \"yesterday\": invalid syntax");
    var reversed = berth.api().get("/events?since=20&until=10");
    assertThat(reversed.status()).isEqualTo(400);
    assertThat(reversed.json().path("message").asText()).isEqualTo("`since` time (20) cannot be after `until` time (10)");

    var cliFilter = berth.berth("events", "-f", "container");
    assertThat(cliFilter.exitCode()).isNotZero();
    assertThat(cliFilter.stderr()).contains("bad format of filter (expected name=value)");
    var cliSince = berth.berth("events", "--since", "xyz");
    assertThat(cliSince.exitCode()).isEqualTo(1);
    assertThat(cliSince.stderr()).contains("failed to parse value as time or duration: \"xyz\"");
    var dockerFilter = berth.docker("events", "-f", "container");
    assertThat(dockerFilter.exitCode()).isNotZero();
  }

  private static JsonNode tree(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not json: " + json, e);
    }
  }

  private static String now() {
    Instant t = Instant.now();
    return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A raw {@code GET} whose body is read line by line as the daemon writes it. */
  private static final class EventStream implements AutoCloseable {
    private final SocketChannel channel;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();

    private EventStream(SocketChannel channel) {
      this.channel = channel;
    }

    static EventStream open(java.nio.file.Path socket, String target) throws IOException {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(socket));
      var s = new EventStream(ch);
      Channels.newOutputStream(ch).write(("GET " + target + " HTTP/1.1\r\nHost: berth\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      Thread.ofVirtual().start(s::read);
      return s;
    }

    int status() throws Exception {
      return status.get(10, TimeUnit.SECONDS);
    }

    /** The next message; fails after 20 s without one. */
    JsonNode next() throws InterruptedException {
      String l = lines.poll(20, TimeUnit.SECONDS);
      if (l == null) throw new AssertionError("no event within 20 s");
      return tree(l);
    }

    private void read() {
      try (InputStream in = Channels.newInputStream(channel)) {
        String statusLine = line(in);
        status.complete(Integer.parseInt(statusLine.split(" ")[1]));
        while (!line(in).isEmpty()) {
          // headers
        }
        for (String l = line(in); l != null; l = line(in)) {
          if (!l.isBlank()) lines.add(l);
        }
      } catch (IOException | RuntimeException e) {
        status.completeExceptionally(e);
      }
    }

    /** A line without its end; null at EOF. */
    private static String line(InputStream in) throws IOException {
      var buf = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') if (b != '\r') buf.write(b);
      return b < 0 && buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
    }

    @Override public void close() throws IOException {
      channel.close();
    }
  }
}
