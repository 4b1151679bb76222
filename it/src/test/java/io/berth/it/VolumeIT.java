package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.oci.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The volume API (engine side) through the docker CLI: create, ls, inspect, rm, prune, system df. */
class VolumeIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();

  @Test
  void create_inspect_ls_rm_round_trip() throws Exception {
    var c = berth.docker("volume", "create", "--label", "team=a", "round");
    assertThat(c.exitCode()).as(c.toString()).isZero();
    assertThat(c.out()).isEqualTo("round");
    Path data = berth.daemon().dataRoot().resolve("volumes/round/_data");
    assertThat(data).isDirectory();

    JsonNode doc = Json.mapper().readTree(berth.docker("volume", "inspect", "round").stdout()).get(0);
    assertThat(doc.path("Name").asText()).isEqualTo("round");
    assertThat(doc.path("Driver").asText()).isEqualTo("local");
    assertThat(doc.path("Mountpoint").asText()).isEqualTo(data.toString());
    assertThat(doc.path("Scope").asText()).isEqualTo("local");
    assertThat(doc.path("Labels").path("team").asText()).isEqualTo("a");
    assertThat(doc.path("CreatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");

    var ls = berth.docker("volume", "ls", "--filter", "label=team=a", "--format", "{{.Driver}} {{.Name}}");
    assertThat(ls.out()).isEqualTo("local round");
    assertThat(berth.docker("volume", "ls", "-q", "--filter", "label=team=b").out()).isEmpty();
    assertThat(berth.docker("volume", "ls", "-q", "--filter", "dangling=true").out()).contains("round");

    var rm = berth.docker("volume", "rm", "round");
    assertThat(rm.exitCode()).as(rm.toString()).isZero();
    assertThat(berth.daemon().dataRoot().resolve("volumes/round")).doesNotExist();
    var again = berth.docker("volume", "rm", "round");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.stderr()).contains("get round: no such volume");
    assertThat(berth.docker("volume", "rm", "-f", "round").exitCode()).isZero();
  }

  @Test
  void bad_names_and_options_are_refused() {
    var bad = berth.docker("volume", "create", "a/b");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.stderr()).contains("includes invalid characters for a local volume name");
    var opt = berth.docker("volume", "create", "-o", "foo=bar", "optx");
    assertThat(opt.exitCode()).isEqualTo(1);
    assertThat(opt.stderr()).contains("invalid option key: \"foo\"");
    var drv = berth.docker("volume", "create", "-d", "nfs", "drvx");
    assertThat(drv.exitCode()).isEqualTo(1);
    assertThat(drv.stderr()).contains("plugin \"nfs\" not found");
  }

  @Test
  void prune_takes_anonymous_volumes_and_all_with_a() throws Exception {
    var anon = berth.docker("volume", "create");
    assertThat(anon.out()).matches("[0-9a-f]{64}");
    Files.writeString(berth.daemon().dataRoot().resolve("volumes/" + anon.out() + "/_data/f"), "12345");
    assertThat(berth.docker("volume", "create", "kept").exitCode()).isZero();
    var p = berth.docker("volume", "prune", "-f");
    assertThat(p.exitCode()).as(p.toString()).isZero();
    assertThat(p.stdout()).contains(anon.out()).contains("Total reclaimed space: 5B");
    assertThat(berth.docker("volume", "ls", "-q").out()).isEqualTo("kept");
    var all = berth.docker("volume", "prune", "-af", "--filter", "label=none");
    assertThat(all.stdout()).doesNotContain("kept");
    all = berth.docker("volume", "prune", "-af");
    assertThat(all.stdout()).contains("kept");
    assertThat(berth.docker("volume", "ls", "-q").out()).isEmpty();
  }

  @Test
  void system_df_lists_volumes() {
    assertThat(berth.docker("volume", "create", "dfvol").exitCode()).isZero();
    var df = berth.docker("system", "df", "-v", "--format", "{{range .Volumes}}{{.Name}} {{end}}");
    assertThat(df.exitCode()).as(df.toString()).isZero();
    assertThat(df.out()).contains("dfvol");
    assertThat(berth.docker("volume", "rm", "dfvol").exitCode()).isZero();
  }
}
