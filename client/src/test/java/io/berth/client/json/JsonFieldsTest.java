package io.berth.client.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {
  private static JsonFields f(String json) { return JsonFields.of(JsonReader.parse(json)); }

  @Test
  void absent_and_null_fields_read_as_zero_values() {
    JsonFields f = f("{\"s\":null,\"o\":null}");
    assertThat(f.string("s")).isEmpty();
    assertThat(f.string("missing")).isEmpty();
    assertThat(f.integer("s")).isZero();
    assertThat(f.bool("s")).isFalse();
    assertThat(f.strings("s")).isEmpty();
    assertThat(f.stringMap("o")).isEmpty();
    assertThat(f.object("o").string("x")).isEmpty();
    assertThat(f.optInt("s")).isEmpty();
    assertThat(f.has("s")).isFalse();
  }

  @Test
  void wrong_types_name_the_field_path() {
    JsonFields f = f("{\"State\":{\"Pid\":\"x\"},\"Ports\":[{\"PrivatePort\":true}],\"Big\":4294967296,\"Env\":[1]}");
    assertThatThrownBy(() -> f.object("State").integer("Pid")).isInstanceOf(JsonException.class)
        .hasMessage("field State.Pid: expected an integer, got a string");
    assertThatThrownBy(() -> f.objects("Ports", p -> p.integer("PrivatePort")))
        .hasMessage("field Ports[0].PrivatePort: expected an integer, got a boolean");
    assertThatThrownBy(() -> f.integer("Big")).hasMessage("field Big: number 4294967296 does not fit a 32-bit integer");
    assertThatThrownBy(() -> f.strings("Env")).hasMessage("field Env[0]: expected a string, got a number");
    assertThatThrownBy(() -> f.string("State")).hasMessage("field State: expected a string, got an object");
  }

  @Test
  void integral_decimals_are_accepted_as_integers() {
    assertThat(f("{\"a\":3.0,\"b\":1e2}").longValue("a")).isEqualTo(3);
    assertThat(f("{\"a\":3.0,\"b\":1e2}").integer("b")).isEqualTo(100);
    assertThatThrownBy(() -> f("{\"a\":3.5}").longValue("a")).hasMessageContaining("does not fit");
  }

  @Test
  void maps_skip_null_values_and_lists_of_lists_are_read() {
    JsonFields f = f("{\"L\":{\"a\":\"1\",\"b\":null},\"D\":[[\"k\",\"v\"],null]}");
    assertThat(f.stringMap("L")).isEqualTo(Map.of("a", "1"));
    assertThat(f.stringLists("D")).containsExactly(List.of("k", "v"), List.of());
  }
}
