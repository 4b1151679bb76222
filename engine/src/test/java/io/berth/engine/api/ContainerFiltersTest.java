package io.berth.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.container.BundleWriter;
import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerConfig;
import io.berth.engine.container.ContainerPaths;
import io.berth.engine.container.ContainerPruner;
import io.berth.engine.container.ContainerService;
import io.berth.engine.container.ContainerState;
import io.berth.engine.container.ContainerStore;
import io.berth.engine.container.HostOptions;
import io.berth.engine.container.ImageDefaults;
import io.berth.engine.events.Event;
import io.berth.engine.events.EventBus;
import io.berth.engine.runtime.OciRuntime;
import io.berth.engine.snapshot.Snapshotter;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import io.berth.store.MetadataStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /containers/json} selection and {@code POST /containers/prune} over a real container
 * store, with docker's semantics (moby daemon/list.go, daemon/prune.go). The runtime and snapshotter
 * are stand-ins: nothing here starts a process.
 */
class ContainerFiltersTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Digest BUSYBOX = Digest.sha256("busybox".getBytes(StandardCharsets.UTF_8));
  private static final Digest OTHER = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));

  @TempDir Path tmp;
  private MetadataStore db;
  private ContainerStore store;
  private ContainerService service;
  private EventBus events;
  private final Map<String, Long> usage = new HashMap<>();

  @BeforeEach void setUp() throws Exception {
    db = MetadataStore.open(tmp.resolve("berth.db"));
    store = new ContainerStore(db);
    events = new EventBus();
    var paths = new ContainerPaths(tmp.resolve("data"), tmp.resolve("exec"));
    service = new ContainerService(store, paths, ref -> {
      if (ref.equals("busybox") || ref.equals("busybox:latest") || BUSYBOX.toString().contains(ref)) {
        return new ImageDefaults(BUSYBOX, Optional.empty(), List.of(), List.of("sh"), List.of(), "", "", Map.of(),
            Optional.empty(), Optional.empty());
      }
      throw BerthException.notFound("No such image: %s", ref);
    }, new SizeOnlySnapshotter(usage), new NoRuntime(), new BundleWriter(), events);
    // newest first: web (running), job (created, never started), fail (exited 3), ok (exited 0)
    add("ok", T0, BUSYBOX, Map.of("a", "b", "c", ""), ContainerState.created().started(10, T0).exited(0, T0.plusSeconds(1)));
    add("fail", T0.plusSeconds(10), BUSYBOX, Map.of(), ContainerState.created().started(11, T0).exited(3, T0.plusSeconds(11)));
    add("job", T0.plusSeconds(20), OTHER, Map.of("a", "c"), ContainerState.created());
    add("web", T0.plusSeconds(30), BUSYBOX, Map.of("x", "1"), ContainerState.created().started(12, T0.plusSeconds(31)));
  }

  @AfterEach void tearDown() throws Exception { db.close(); }

  private void add(String name, Instant created, Digest image, Map<String, String> labels, ContainerState state) throws Exception {
    String id = idOf(name);
    var config = new ContainerConfig("busybox", List.of(), List.of("sh"), List.of(), "", "", id.substring(0, 12), "", labels,
        false, false, false, false, false, false, Optional.empty(), Optional.empty(), false, HostOptions.defaults(), Optional.empty());
    store.insert(new Container(id, name, created, image, config, state));
    Files.createDirectories(service.paths().bundle(id));
  }

  private List<String> names(Map<String, List<String>> filters, boolean all, int limit) {
    return names(filters, all, limit, c -> "none");
  }

  private List<String> names(Map<String, List<String>> filters, boolean all, int limit, Function<Container, String> health) {
    return ContainerFilters.select(service, new ApiRequest.Filters(filters), all, limit, ContainerJson::summary, health)
        .stream().map(Container::name).toList();
  }

  private static Map<String, List<String>> f(String... kv) {
    Map<String, List<String>> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.computeIfAbsent(kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
    return m;
  }

  @Test void running_containers_by_default_all_newest_first_with_all() {
    assertThat(names(f(), false, -1)).containsExactly("web");
    assertThat(names(f(), true, -1)).containsExactly("web", "job", "fail", "ok");
  }

  @Test void limit_lists_the_last_created_in_any_state() {
    assertThat(names(f(), false, 2)).containsExactly("web", "job");
    assertThat(names(f("status", "exited"), false, 1)).containsExactly("fail");
  }

  @Test void status_implies_all_and_matches_docker_state_words() {
    assertThat(names(f("status", "exited"), false, -1)).containsExactly("fail", "ok");
    assertThat(names(f("status", "created", "status", "running"), false, -1)).containsExactly("web", "job");
    assertThatThrownBy(() -> names(f("status", "exit"), false, -1)).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("invalid filter 'status=exit': invalid value for state (exit): must be one of created, running, "
            + "paused, restarting, removing, exited, dead");
  }

  @Test void exited_needs_all_and_a_container_that_ran() {
    assertThat(names(f("exited", "3"), false, -1)).isEmpty();
    assertThat(names(f("exited", "3"), true, -1)).containsExactly("fail");
    assertThat(names(f("exited", "0"), true, -1)).containsExactly("ok");
    assertThatThrownBy(() -> names(f("exited", "x"), true, -1))
        .hasMessage("invalid filter 'exited=x': strconv.Atoi: parsing \"x\": invalid syntax");
  }

  @Test void labels_by_key_or_key_value_all_of_them() {
    assertThat(names(f("label", "a"), true, -1)).containsExactly("job", "ok");
    assertThat(names(f("label", "a=b"), true, -1)).containsExactly("ok");
    assertThat(names(f("label", "c="), true, -1)).containsExactly("ok");
    assertThat(names(f("label", "a", "label", "x"), true, -1)).isEmpty();
  }

  @Test void names_match_as_regular_expressions_with_or_without_slash() {
    assertThat(names(f("name", "o"), true, -1)).containsExactly("job", "ok");
    assertThat(names(f("name", "^/ok$"), true, -1)).containsExactly("ok");
    assertThat(names(f("name", "^fail$"), true, -1)).containsExactly("fail");
    assertThat(names(f("name", "web", "name", "ok"), true, -1)).containsExactly("web", "ok");
  }

  @Test void id_needs_a_unique_prefix() {
    Container ok = service.get("ok");
    assertThat(names(f("id", ok.id().substring(0, 3)), true, -1)).containsExactly("ok");
    assertThat(names(f("id", "aa"), true, -1)).isEmpty(); // ok and fail start with "aa": ambiguous
  }

  @Test void ancestor_resolves_images_and_an_unknown_image_matches_nothing() {
    assertThat(names(f("ancestor", "busybox"), true, -1)).containsExactly("web", "fail", "ok");
    assertThat(names(f("ancestor", BUSYBOX.toString().substring(7, 15)), true, -1)).containsExactly("web", "fail", "ok");
    assertThat(names(f("ancestor", "nope"), true, -1)).isEmpty();
  }

  @Test void before_and_since_are_relative_to_a_container() {
    assertThat(names(f("before", "job"), true, -1)).containsExactly("fail", "ok");
    assertThat(names(f("since", "fail"), true, -1)).containsExactly("web", "job");
    assertThatThrownBy(() -> names(f("since", "nope"), true, -1)).isInstanceOf(BerthException.NotFound.class)
        .hasMessage("No such container: nope");
  }

  @Test void health_is_exact_and_validated() {
    assertThat(names(f("health", "none"), true, -1)).containsExactly("web", "job", "fail", "ok");
    assertThat(names(f("health", "healthy"), true, -1, c -> c.name().equals("web") ? "healthy" : "none"))
        .containsExactly("web");
    assertThatThrownBy(() -> names(f("health", "x"), true, -1))
        .hasMessage("invalid filter 'health=x': invalid value for health (x): must be one of none, starting, healthy, unhealthy");
  }

  @Test void unknown_filters_and_bad_values_are_docker_400s() {
    assertThatThrownBy(() -> names(f("foo", "bar"), true, -1)).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("invalid filter 'foo'");
    assertThatThrownBy(() -> names(f("is-task", "x"), true, -1)).hasMessage("invalid filter 'is-task=[x]'");
    assertThatThrownBy(() -> names(f("publish", "80:80"), true, -1)).hasMessage("filter for 'publish' should not contain ':': 80:80");
    assertThatThrownBy(() -> ApiRequest.Filters.parse("{not json")).hasMessage("invalid filter");
    assertThat(names(f("is-task", "false"), true, -1)).hasSize(4);
    assertThat(names(f("publish", "80", "volume", "/data"), true, -1)).isEmpty();
  }

  @Test void prune_removes_what_is_not_running_and_reports_reclaimed_space() {
    usage.put("container-" + service.get("fail").id(), 1500L);
    usage.put("container-" + service.get("ok").id(), 500L);
    var sub = events.subscribe(T0);
    ContainerPruner.Report r = new ContainerPruner(service).prune(Optional.empty(), l -> true);
    assertThat(r.deleted()).hasSize(3);
    assertThat(r.reclaimed()).isEqualTo(2000);
    assertThat(service.list()).extracting(Container::name).containsExactly("web");
    assertThat(sub.live()).extracting(Event::action).contains("destroy", "prune");
    Event prune = sub.live().stream().filter(e -> e.action().equals("prune")).findFirst().orElseThrow();
    assertThat(prune.attributes()).containsEntry("reclaimed", "2000");
  }

  @Test void prune_filters_on_until_and_labels() {
    var pruner = new ContainerPruner(service);
    assertThat(pruner.prune(Optional.of(T0.plusSeconds(5)), l -> true).deleted()).containsExactly(idOf("ok"));
    assertThat(pruner.prune(Optional.empty(), l -> ContainerFilters.matchLabels(List.of("a=c"), l)).deleted()).hasSize(1);
    assertThat(service.list()).extracting(Container::name).containsExactly("web", "fail");
    assertThat(pruner.prune(Optional.empty(), l -> !ContainerFilters.matchLabels(List.of("x"), l)).deleted()).hasSize(1);
    assertThat(service.list()).extracting(Container::name).containsExactly("web");
  }

  /** ok and fail share the prefix "aa". */
  private static String idOf(String name) {
    String head = switch (name) {
      case "ok" -> "aa11";
      case "fail" -> "aa22";
      case "job" -> "bb33";
      default -> "cc44";
    };
    return head + "0".repeat(60);
  }

  /** A snapshotter that only reports sizes; the containers here have no snapshot. */
  private record SizeOnlySnapshotter(Map<String, Long> usage) implements Snapshotter {
    @Override public Path prepare(String key, Optional<String> parent) { throw new UnsupportedOperationException(); }
    @Override public Path dir(String key) { throw new UnsupportedOperationException(); }
    @Override public void commit(String name, String activeKey) { throw new UnsupportedOperationException(); }
    @Override public List<Mount> mounts(String key) { return List.of(); }
    @Override public Optional<Info> stat(String key) { return Optional.empty(); }
    @Override public void remove(String key) { usage.remove(key); }
    @Override public long usage(String key) { return usage.getOrDefault(key, 0L); }
    @Override public List<Info> list() { return List.of(); }
  }

  /** Nothing in these tests runs: any runtime call is a test bug. */
  private static final class NoRuntime implements OciRuntime {
    @Override public String name() { return "none"; }
    @Override public String version() { return "none"; }
    @Override public Created create(CreateRequest request) { throw new UnsupportedOperationException(); }
    @Override public void start(String id) { throw new UnsupportedOperationException(); }
    @Override public void kill(String id, int signal, boolean all) { throw new UnsupportedOperationException(); }
    @Override public void delete(String id, boolean force) { throw new UnsupportedOperationException(); }
    @Override public Optional<State> state(String id) { return Optional.empty(); }
    @Override public io.berth.engine.runtime.ExecProcess exec(ExecRequest request) { throw new UnsupportedOperationException(); }
    @Override public void pause(String id) { throw new UnsupportedOperationException(); }
    @Override public void resume(String id) { throw new UnsupportedOperationException(); }
    @Override public List<Integer> pids(String id) { throw new UnsupportedOperationException(); }
  }
}
