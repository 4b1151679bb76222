package io.berth.compose.load;

import io.berth.compose.ComposeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.compose.model.Service.Port;
import io.berth.compose.model.Service.ServiceVolume;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShapesTest {
  @Test
  void ports_short_syntax() {
    assertThat(Shapes.port("8080:80")).isEqualTo(new Port("80", Optional.of("8080"), Optional.empty(), "tcp"));
    assertThat(Shapes.port("127.0.0.1:8080:80/udp"))
        .isEqualTo(new Port("80", Optional.of("8080"), Optional.of("127.0.0.1"), "udp"));
    assertThat(Shapes.port("80")).isEqualTo(new Port("80", Optional.empty(), Optional.empty(), "tcp"));
    assertThat(Shapes.port("8000-8001:80-81"))
        .isEqualTo(new Port("80-81", Optional.of("8000-8001"), Optional.empty(), "tcp"));
    assertThat(Shapes.port("127.0.0.1::80")).isEqualTo(new Port("80", Optional.empty(), Optional.of("127.0.0.1"), "tcp"));
    assertThat(Shapes.port("[::1]:8080:80")).isEqualTo(new Port("80", Optional.of("8080"), Optional.of("::1"), "tcp"));
    assertThatThrownBy(() -> Shapes.port("80:abc")).hasMessage("invalid port \"80:abc\"");
    assertThatThrownBy(() -> Shapes.port("80/xyz")).hasMessage("invalid port \"80/xyz\"");
  }

  @Test
  void volumes_short_syntax() {
    Path wd = Path.of("/proj");
    Map<String, String> env = Map.of("HOME", "/home/u");
    assertThat(Shapes.volume("./data:/data:ro", wd, env)).isEqualTo(new ServiceVolume("bind",
        Optional.of("/proj/data"), "/data", true, false, true, Optional.empty(), Optional.empty(), Optional.empty()));
    assertThat(Shapes.volume("~/x:/x", wd, env).source()).contains("/home/u/x");
    assertThat(Shapes.volume("/abs:/y:rshared", wd, env).propagation()).contains("rshared");
    ServiceVolume named = Shapes.volume("data:/var/lib/data:nocopy", wd, env);
    assertThat(named.type()).isEqualTo("volume");
    assertThat(named.source()).contains("data");
    assertThat(named.noCopy()).isTrue();
    ServiceVolume anon = Shapes.volume("/cache", wd, env);
    assertThat(anon.type()).isEqualTo("volume");
    assertThat(anon.source()).isEmpty();
    assertThat(anon.target()).isEqualTo("/cache");
    assertThatThrownBy(() -> Shapes.volume("a:/b:bogus", wd, env)).hasMessageContaining("invalid mode");
  }

  @Test
  void durations_in_go_syntax() {
    assertThat(Shapes.duration("1m30s", "p")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Shapes.duration("500ms", "p")).isEqualTo(Duration.ofMillis(500));
    assertThat(Shapes.duration("1.5h", "p")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Shapes.duration("10", "p")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Shapes.duration(5L, "p")).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> Shapes.duration("10x", "p")).hasMessage("p: invalid duration \"10x\"");
    assertThat(ProjectWriter.goDuration(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(ProjectWriter.goDuration(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(ProjectWriter.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(ProjectWriter.goDuration(Duration.ofMillis(500))).isEqualTo("500ms");
  }

  @Test
  void sizes_are_binary_multiples() {
    assertThat(Shapes.size("512m", "p")).isEqualTo(512L * 1024 * 1024);
    assertThat(Shapes.size("1g", "p")).isEqualTo(1L << 30);
    assertThat(Shapes.size("1GB", "p")).isEqualTo(1L << 30);
    assertThat(Shapes.size("100k", "p")).isEqualTo(102400);
    assertThat(Shapes.size("2048", "p")).isEqualTo(2048);
    assertThat(Shapes.size(64L, "p")).isEqualTo(64);
    assertThatThrownBy(() -> Shapes.size("lots", "p")).hasMessageContaining("invalid size");
  }

  @Test
  void shell_words_split_like_compose() {
    assertThat(Shapes.shellWords("echo hello world")).containsExactly("echo", "hello", "world");
    assertThat(Shapes.shellWords("sh -c 'echo $HOME && ls'")).containsExactly("sh", "-c", "echo $HOME && ls");
    assertThat(Shapes.shellWords("a \"b c\" d\\ e \"x\\\"y\"")).containsExactly("a", "b c", "d e", "x\"y");
    assertThat(Shapes.shellWords("a ''")).containsExactly("a", "");
    assertThat(Shapes.shellWords("  ")).isEqualTo(List.of());
    assertThatThrownBy(() -> Shapes.shellWords("'open")).isInstanceOf(ComposeException.class);
  }
}
