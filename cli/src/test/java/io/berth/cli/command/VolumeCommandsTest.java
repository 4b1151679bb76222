package io.berth.cli.command;

import io.berth.cli.command.CliRun.Run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth volume ...} against a fake daemon. The daemon's answers under golden/volume are what
 * berthd answered; the expected outputs, request lines and statuses are what the docker CLI 28.2.2
 * printed and sent for the same answers and command lines.
 */
class VolumeCommandsTest {
  @TempDir Path dir;
  private FakeDaemon daemon;
  private final List<String> calls = new CopyOnWriteArrayList<>();

  static String resource(String name) {
    try (InputStream in = VolumeCommandsTest.class.getResourceAsStream("/golden/volume/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @BeforeEach
  void start() throws IOException {
    daemon = FakeDaemon.start(dir, (method, path, query, body) -> {
      calls.add(method + " " + path + (query.isEmpty() ? "" : "?" + query) + (body.isEmpty() ? "" : " " + body));
      String notFound = "{\"message\":\"get " + path.replaceFirst("^/volumes/([^/]*).*", "$1") + ": no such volume\"}";
      return switch (method + " " + path) {
        case "GET /volumes" -> new FakeDaemon.Reply(200, resource("list.json"));
        case "GET /volumes/v10" -> new FakeDaemon.Reply(200, resource("v10.json").strip());
        case "POST /volumes/create" -> new FakeDaemon.Reply(201, body.contains("\"Name\"")
            ? resource("v10.json").replace("\"v10\"", body.replaceFirst(".*\"Name\":(\"[^\"]*\").*", "$1"))
            : resource("v10.json").replace("\"v10\"", "\"972c68a9bae1f6cd3602cef5a1d9cb53431cca7eef95c8a1e90c0ec65d507696\""));
        case "DELETE /volumes/v1", "DELETE /volumes/v2" -> new FakeDaemon.Reply(204, "");
        case "DELETE /volumes/busy" -> new FakeDaemon.Reply(409,
            "{\"message\":\"remove busy: volume is in use - [0123456789ab]\"}");
        case "DELETE /volumes/nope" -> query.contains("force=1") ? new FakeDaemon.Reply(204, "") : new FakeDaemon.Reply(404, notFound);
        case "POST /volumes/prune" -> new FakeDaemon.Reply(200, query.contains("label")
            ? "{\"VolumesDeleted\":null,\"SpaceReclaimed\":0}"
            : "{\"VolumesDeleted\":[\"v1\",\"v2\"],\"SpaceReclaimed\":1536}");
        default -> new FakeDaemon.Reply(404, notFound);
      };
    });
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  Run berth(String stdin, String... args) {
    return CliRun.run(daemon.host(), Clock.fixed(Instant.ofEpochSecond(1795849200L), ZoneOffset.UTC), stdin, args);
  }

  private static final String LABEL_A = "%7B%22label%22%3A%7B%22a%22%3Atrue%7D%7D";

  @Test
  void ls_prints_docker_s_table_sorted_by_name() {
    Run r = berth("", "volume", "ls");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo(resource("ls.txt"));
    assertThat(berth("", "volume", "list", "-q").out())
        .isEqualTo("972c68a9bae1f6cd3602cef5a1d9cb53431cca7eef95c8a1e90c0ec65d507696\nv1\nv2\nv10\n");
    assertThat(berth("", "volume", "ls", "--format", "raw").out()).startsWith("name: 972c68a9bae1f6cd3602cef5a1d9cb53431cca7eef95c8a1e90c0ec65d507696\n"
        + "driver: local\n\nname: v1\ndriver: local\n\n");
  }

  @Test
  void ls_json_and_table_formats_have_docker_s_fields() {
    assertThat(berth("", "volume", "ls", "--format", "json").out().lines().toList().get(1)).isEqualTo(
        "{\"Availability\":\"N/A\",\"Driver\":\"local\",\"Group\":\"N/A\",\"Labels\":\"\",\"Links\":\"N/A\","
            + "\"Mountpoint\":\"/tmp/volcli/d/data/volumes/v1/_data\",\"Name\":\"v1\",\"Scope\":\"local\",\"Size\":\"N/A\",\"Status\":\"N/A\"}");
    assertThat(berth("", "volume", "ls", "--format", "table {{.Name}}\t{{.Links}}\t{{.Size}}\t{{.Labels}}\t{{.Scope}}\t{{.Label \"a\"}}").out())
        .endsWith("""
            v1                                                                 N/A       N/A                                      local     \n\
            v2                                                                 N/A       N/A                                      local     \n\
            v10                                                                N/A       N/A       a=b,c=                         local     b
            """).startsWith("VOLUME NAME                                                        LINKS     SIZE      LABELS                         SCOPE     a\n");
  }

  @Test
  void ls_sends_filters_and_refuses_arguments() {
    berth("", "volume", "ls", "-f", "dangling=true", "--filter", "name=x", "--filter", "label=a=b", "--filter", "driver=local");
    assertThat(calls).contains("GET /volumes?filters=%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%2C%22driver%22%3A%7B%22local%22%3Atrue%7D%2C"
        + "%22label%22%3A%7B%22a%3Db%22%3Atrue%7D%2C%22name%22%3A%7B%22x%22%3Atrue%7D%7D");
    Run r = berth("", "volume", "ls", "x");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("berth: 'berth volume ls' accepts no arguments\n\nUsage:  berth volume ls [OPTIONS]\n\n"
        + "Run 'berth volume ls --help' for more information\n");
    Run bad = berth("", "volume", "ls", "--filter", "bogus");
    assertThat(bad.exit()).isEqualTo(125);
    assertThat(bad.err()).isEqualTo("invalid argument \"bogus\" for \"-f, --filter\" flag: bad format of filter (expected name=value)\n\n"
        + "Usage:  berth volume ls [OPTIONS]\n\nRun 'berth volume ls --help' for more information\n");
  }

  @Test
  void create_sends_only_the_options_given_and_prints_the_name() {
    Run r = berth("", "volume", "create", "--label", "a=b", "--label", "c", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=1m", "v10");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("v10\n");
    assertThat(calls.getLast()).isEqualTo("POST /volumes/create {\"Driver\":\"local\",\"DriverOpts\":{\"device\":\"tmpfs\","
        + "\"o\":\"size=1m\",\"type\":\"tmpfs\"},\"Labels\":{\"a\":\"b\",\"c\":\"\"},\"Name\":\"v10\"}");
    Run anonymous = berth("", "volume", "create");
    assertThat(anonymous.out()).isEqualTo("972c68a9bae1f6cd3602cef5a1d9cb53431cca7eef95c8a1e90c0ec65d507696\n");
    assertThat(calls.getLast()).isEqualTo("POST /volumes/create {\"Driver\":\"local\"}");
    berth("", "volume", "create", "--name", "n2", "-d", "other");
    assertThat(calls.getLast()).isEqualTo("POST /volumes/create {\"Driver\":\"other\",\"Name\":\"n2\"}");
  }

  @Test
  void create_refuses_two_names_a_bad_label_and_extra_arguments() {
    int before = calls.size();
    Run both = berth("", "volume", "create", "--name", "v1", "v3");
    assertThat(both.exit()).isEqualTo(1);
    assertThat(both.err()).isEqualTo("conflicting options: cannot specify a volume-name through both --name and as a positional arg\n");
    Run label = berth("", "volume", "create", "--label", "=x", "v");
    assertThat(label.exit()).isEqualTo(125);
    assertThat(label.err()).isEqualTo("invalid argument \"=x\" for \"--label\" flag: invalid label '=x': empty name\n\n"
        + "Usage:  berth volume create [OPTIONS] [VOLUME]\n\nRun 'berth volume create --help' for more information\n");
    Run two = berth("", "volume", "create", "a", "b");
    assertThat(two.exit()).isEqualTo(1);
    assertThat(two.err()).startsWith("berth: 'berth volume create' requires at most 1 argument\n\nUsage:  berth volume create [OPTIONS] [VOLUME]\n");
    assertThat(calls.subList(before, calls.size())).noneMatch(c -> c.startsWith("POST /volumes/create"));
  }

  @Test
  void inspect_prints_the_documents_with_sorted_maps_and_reports_the_missing() {
    Run r = berth("", "volume", "inspect", "v10");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo(resource("v10.inspect.txt"));
    Run f = berth("", "volume", "inspect", "-f", "{{.Name}} {{.Labels}} {{.Options}} {{.Status}} {{.UsageData}} {{.CreatedAt}} {{json .Labels}}",
        "v10", "nope");
    assertThat(f.exit()).isEqualTo(1);
    assertThat(f.out()).isEqualTo("v10 map[a:b c:] map[device:tmpfs o:size=1m type:tmpfs] map[] <nil> 2026-11-28T10:08:58Z {\"a\":\"b\",\"c\":\"\"}\n");
    assertThat(f.err()).isEqualTo("Error response from daemon: get nope: no such volume\n");
    Run none = berth("", "volume", "inspect", "nope");
    assertThat(none.out()).isEqualTo("[]\n");
    assertThat(none.exit()).isEqualTo(1);
  }

  @Test
  void rm_removes_each_and_reports_the_refusals_together() {
    Run r = berth("", "volume", "rm", "v1", "nope", "v2", "busy");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("v1\nv2\n");
    assertThat(r.err()).isEqualTo("Error response from daemon: get nope: no such volume\n"
        + "Error response from daemon: remove busy: volume is in use - [0123456789ab]\n");
    Run forced = berth("", "volume", "remove", "-f", "nope");
    assertThat(forced.exit()).isZero();
    assertThat(forced.out()).isEqualTo("nope\n");
    assertThat(calls.getLast()).isEqualTo("DELETE /volumes/nope?force=1");
    Run none = berth("", "volume", "rm");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).isEqualTo("berth: 'berth volume rm' requires at least 1 argument\n\n"
        + "Usage:  berth volume rm [OPTIONS] VOLUME [VOLUME...]\n\nSee 'berth volume rm --help' for more information\n");
  }

  @Test
  void prune_asks_first_and_prints_what_went_and_the_space() {
    Run no = berth("n\n", "volume", "prune");
    assertThat(no.exit()).isZero();
    assertThat(no.out()).isEqualTo("WARNING! This will remove anonymous local volumes not used by at least one container.\n"
        + "Are you sure you want to continue? [y/N] ");
    assertThat(calls).noneMatch(c -> c.startsWith("POST /volumes/prune"));
    Run yes = berth("y\n", "volume", "prune");
    assertThat(yes.out()).endsWith("[y/N] Deleted Volumes:\nv1\nv2\n\nTotal reclaimed space: 1.536kB\n");
    assertThat(calls.getLast()).isEqualTo("POST /volumes/prune");
    Run all = berth("y\n", "volume", "prune", "-a", "--filter", "label=a");
    assertThat(all.out()).isEqualTo("WARNING! This will remove all local volumes not used by at least one container.\n"
        + "Are you sure you want to continue? [y/N] Total reclaimed space: 0B\n");
    assertThat(calls.getLast()).isEqualTo("POST /volumes/prune?filters=%7B%22all%22%3A%7B%22true%22%3Atrue%7D%2C%22label%22%3A%7B%22a%22%3Atrue%7D%7D");
    berth("", "volume", "prune", "-f", "--filter", "label=a");
    assertThat(calls.getLast()).isEqualTo("POST /volumes/prune?filters=" + LABEL_A);
    Run conflict = berth("", "volume", "prune", "-a", "-f", "--filter", "all=1");
    assertThat(conflict.exit()).isEqualTo(1);
    assertThat(conflict.err()).isEqualTo("conflicting options: cannot specify both --all and --filter all=1\n");
  }

  @Test
  void the_group_prints_its_commands_and_refuses_unknown_ones() {
    Run help = berth("", "volume");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).isEqualTo("""
        Usage:  berth volume COMMAND

        Manage volumes

        Commands:
          create      Create a volume
          inspect     Display detailed information on one or more volumes
          ls          List volumes
          prune       Remove unused local volumes
          rm          Remove one or more volumes

        Run 'berth volume COMMAND --help' for more information on a command.
        """);
    Run foo = berth("", "volume", "foo");
    assertThat(foo.exit()).isEqualTo(1);
    assertThat(foo.err()).isEqualTo("berth: unknown command: berth volume foo\n\nUsage:  berth volume\n\n"
        + "Run 'berth volume --help' for more information\n");
  }

  @Test
  void rm_v_asks_the_daemon_to_remove_the_anonymous_volumes_too() {
    berth("", "rm", "-v", "c1");
    assertThat(calls.getLast()).isEqualTo("DELETE /containers/c1?v=1");
    berth("", "container", "rm", "--volumes", "--force", "c1");
    assertThat(calls.getLast()).isEqualTo("DELETE /containers/c1?force=1&v=1");
  }
}
