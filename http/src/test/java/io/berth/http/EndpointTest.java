package io.berth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void parses_unix_uri_and_bare_path() {
        assertThat(Endpoint.parse("unix:///run/berth/berth.sock")).isEqualTo(new Endpoint.Unix(Path.of("/run/berth/berth.sock")));
        assertThat(Endpoint.parse("/abs/path.sock")).isEqualTo(new Endpoint.Unix(Path.of("/abs/path.sock")));
        assertThat(Endpoint.parse("unix:///x.sock").uri()).isEqualTo("unix:///x.sock");
    }

    @Test
    void parses_tcp_with_default_port_and_ipv6() {
        assertThat(Endpoint.parse("tcp://127.0.0.1:2375")).isEqualTo(new Endpoint.Tcp("127.0.0.1", 2375));
        assertThat(Endpoint.parse("tcp://example.org")).isEqualTo(new Endpoint.Tcp("example.org", 2375));
        assertThat(Endpoint.parse("tcp://[::1]:1234")).isEqualTo(new Endpoint.Tcp("::1", 1234));
        assertThat(new Endpoint.Tcp("::1", 1234).uri()).isEqualTo("tcp://[::1]:1234");
    }

    @Test
    void rejects_garbage_naming_the_input() {
        for (String bad : new String[] {"", "  ", "relative.sock", "unix://relative", "unix://", "npipe:////./pipe/x",
                "tcp://", "tcp://host:99999", "tcp://host:2375/path", "ftp://x"}) {
            assertThatThrownBy(() -> Endpoint.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid");
        }
    }
}
