package io.berth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadersTest {

    @Test
    void lookup_is_case_insensitive_and_keeps_insertion_order() {
        Headers h = new Headers().add("Content-Type", "a").add("X-A", "1").add("x-a", "2");
        assertThat(h.first("content-type")).contains("a");
        assertThat(h.all("X-a")).containsExactly("1", "2");
        assertThat(h.first("missing")).isEmpty();
        List<String> seen = new ArrayList<>();
        h.forEach((n, v) -> seen.add(n + "=" + v));
        assertThat(seen).containsExactly("Content-Type=a", "X-A=1", "x-a=2");
    }

    @Test
    void set_replaces_all_values_in_place() {
        Headers h = new Headers().add("A", "1").add("B", "2").add("a", "3");
        h.set("A", "9");
        List<String> seen = new ArrayList<>();
        h.forEach((n, v) -> seen.add(n + "=" + v));
        assertThat(seen).containsExactly("A=9", "B=2");
    }

    @Test
    void has_token_reads_comma_lists() {
        Headers h = Headers.of("Connection", "keep-alive, Upgrade");
        assertThat(h.hasToken("connection", "upgrade")).isTrue();
        assertThat(h.hasToken("connection", "close")).isFalse();
    }

    @Test
    void rejects_header_injection() {
        assertThatThrownBy(() -> new Headers().add("X", "a\r\nEvil: 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Headers().add("Bad Name", "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Headers().set("X:", "a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void copy_is_independent() {
        Headers h = Headers.of("A", "1");
        Headers c = h.copy().add("B", "2");
        assertThat(h.size()).isEqualTo(1);
        assertThat(c.size()).isEqualTo(2);
    }
}
