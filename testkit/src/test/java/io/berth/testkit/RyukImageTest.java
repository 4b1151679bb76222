package io.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RyukImageTest {
  @TempDir Path tmp;

  private static Map<String, TarArchiveEntry> entries(byte[] tar, Map<String, byte[]> contents) throws Exception {
    var out = new HashMap<String, TarArchiveEntry>();
    try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        out.put(e.getName(), e);
        if (e.isFile()) contents.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  @Test
  void layer_is_busybox_plus_the_executable_ryuk_scripts() throws Exception {
    var contents = new HashMap<String, byte[]>();
    var entries = entries(new RyukImage().layerBytes(), contents);
    assertThat(entries).containsKeys("bin/busybox", "bin/nc", "bin/netstat", "bin/ryuk", "bin/ryuk-ack", "etc/passwd");
    assertThat(entries.get("bin/ryuk").getMode() & 0777).isEqualTo(0755);
    assertThat(new String(contents.get("bin/ryuk"), StandardCharsets.UTF_8)).contains("nc -ll -p 8080 -e /bin/ryuk-ack")
        .contains("Started!");
    assertThat(new String(contents.get("bin/ryuk-ack"), StandardCharsets.UTF_8)).contains("echo ACK");
  }

  @Test
  void save_tar_is_deterministic_and_names_the_image() throws Exception {
    var a = new RyukImage().dockerSaveTar(tmp.resolve("a.tar"));
    var b = new RyukImage().dockerSaveTar(tmp.resolve("b.tar"));
    assertThat(a).isEqualTo(b);
    var contents = new HashMap<String, byte[]>();
    entries(Files.readAllBytes(tmp.resolve("a.tar")), contents);
    String manifest = new String(contents.get("manifest.json"), StandardCharsets.UTF_8);
    assertThat(manifest).contains("\"RepoTags\":[\"berth-it/ryuk:latest\"]").contains(a.hex() + ".json");
    assertThat(new String(contents.get(a.hex() + ".json"), StandardCharsets.UTF_8))
        .contains("\"Cmd\":[\"/bin/ryuk\"]").contains("\"ExposedPorts\":{\"8080/tcp\":{}}");
  }
}
