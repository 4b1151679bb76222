package io.berth.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.http.HttpStatusException;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void decodes_multi_valued_percent_encoded_parameters() {
        QueryParams q = QueryParams.parse("filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D&t=x+y&t=z&flag&&e=");
        assertThat(q.get("filters")).contains("{\"label\":[\"a=b\"]}");
        assertThat(q.all("t")).containsExactly("x y", "z");
        assertThat(q.get("flag")).contains("");
        assertThat(q.has("e")).isTrue();
        assertThat(q.get("missing")).isEmpty();
        assertThat(q.names()).containsExactly("filters", "t", "flag", "e");
    }

    @Test
    void booleans_follow_docker() {
        QueryParams q = QueryParams.parse("a=1&b=true&c=True&d=0&e=false&f=&g=no&h=yes");
        assertThat(q.bool("a", false)).isTrue();
        assertThat(q.bool("b", false)).isTrue();
        assertThat(q.bool("c", false)).isTrue();
        assertThat(q.bool("d", true)).isFalse();
        assertThat(q.bool("e", true)).isFalse();
        assertThat(q.bool("f", true)).isFalse();
        assertThat(q.bool("g", true)).isFalse();
        assertThat(q.bool("h", false)).isTrue();
        assertThat(q.bool("absent", true)).isTrue();
    }

    @Test
    void integers_default_when_absent_and_reject_garbage_with_400() {
        QueryParams q = QueryParams.parse("t=10&n=-3&bad=ten&empty=&big=99999999999");
        assertThat(q.integer("t", 0)).isEqualTo(10);
        assertThat(q.integer("n", 0)).isEqualTo(-3);
        assertThat(q.integer("absent", 7)).isEqualTo(7);
        assertThat(q.integer("empty", 7)).isEqualTo(7);
        assertThat(q.longInteger("big", 0)).isEqualTo(99999999999L);
        assertThatThrownBy(() -> q.integer("bad", 0)).isInstanceOfSatisfying(HttpStatusException.class,
                e -> assertThat(e.status()).isEqualTo(400)).hasMessageContaining("bad");
        assertThatThrownBy(() -> q.integer("big", 0)).isInstanceOf(HttpStatusException.class);
    }

    @Test
    void rejects_bad_escapes() {
        assertThatThrownBy(() -> QueryParams.parse("a=%zz")).isInstanceOf(HttpStatusException.class);
        assertThatThrownBy(() -> QueryParams.parse("a=%4")).isInstanceOf(HttpStatusException.class);
        assertThatThrownBy(() -> QueryParams.parse("a=%00")).isInstanceOf(HttpStatusException.class);
        assertThatThrownBy(() -> QueryParams.parse("a=%ff%fe")).isInstanceOf(HttpStatusException.class);
        assertThat(QueryParams.parse("a=%C3%A9").get("a")).contains("é");
    }
}
