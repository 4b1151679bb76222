package io.berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.distribution.RegistryCredentials;
import io.berth.oci.errors.BerthException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link ImageSearch} decides before asking a registry: the term's registry, the limit, the filters. */
class ImageSearchTest {
  final ImageSearch search = new ImageSearch(new Registries(List.of()));
  final RegistryCredentials none = RegistryCredentials.ANONYMOUS;

  @Test
  void a_term_without_a_registry_host_is_a_docker_hub_search_and_refused_with_a_hint() {
    for (String term : List.of("busybox", "docker.io/busybox", "index.docker.io/busybox", "library/busybox")) {
      String hint = term.startsWith("library/") ? "127.0.0.1:5000/library/busybox" : "127.0.0.1:5000/busybox";
      assertThatThrownBy(() -> search.search(term, 25, ImageSearch.Filters.NONE, none)).as(term)
          .isInstanceOf(BerthException.NotImplemented.class)
          .hasMessageContaining("Docker Hub")
          .hasMessageContaining("berth search " + hint + "\"");
    }
  }

  @Test
  void limit_outside_1_to_100_is_dockerds_error() {
    assertThatThrownBy(() -> search.search("127.0.0.1:5000/x", 0, ImageSearch.Filters.NONE, none))
        .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("limit 0 is outside the range of [1, 100]");
    assertThatThrownBy(() -> search.search("127.0.0.1:5000/x", 101, ImageSearch.Filters.NONE, none))
        .hasMessage("limit 101 is outside the range of [1, 100]");
  }

  @Test
  void filters_parse_as_dockerd_and_refuse_unknown_keys() {
    var f = ImageSearch.Filters.of(Map.of("stars", List.of("3"), "is-official", List.of("true")));
    assertThat(f.stars()).contains(3);
    assertThat(f.official()).contains(true);
    assertThat(f.accepts(new ImageSearch.Result("h/x", "", 0, false, false))).isFalse();
    assertThat(ImageSearch.Filters.NONE.accepts(new ImageSearch.Result("h/x", "", 0, false, false))).isTrue();
    assertThatThrownBy(() -> ImageSearch.Filters.of(Map.of("stars", List.of("many")))).hasMessage("invalid filter 'stars=many'");
    assertThatThrownBy(() -> ImageSearch.Filters.of(Map.of("is-automated", List.of("maybe"))))
        .hasMessage("invalid filter 'is-automated=maybe'");
    assertThatThrownBy(() -> ImageSearch.Filters.of(Map.of("name", List.of("x")))).hasMessage("invalid filter 'name'");
  }

  @Test
  void results_are_the_engine_apis_fields() {
    assertThat(new ImageSearch.Result("127.0.0.1:5000/a", "", 0, false, false).json())
        .containsExactly(Map.entry("star_count", 0), Map.entry("is_official", false), Map.entry("name", "127.0.0.1:5000/a"),
            Map.entry("is_automated", false), Map.entry("description", ""));
  }
}
