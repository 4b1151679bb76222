package io.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerPruner;
import io.berth.engine.container.ContainerService;
import io.berth.engine.logs.LogPolicy;
import io.berth.http.Headers;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The {@code /containers} endpoints of the Engine API, except the streams (see {@link StreamRoutes}). */
public final class ContainerRoutes {
  private final ContainerService containers;
  private final java.util.function.Function<String, List<io.berth.engine.network.PortMapping>> ports;
  private final java.util.function.Function<String, List<String>> execIds;
  private final ContainerPruner pruner;
  private final LogPolicy.Defaults logDefaults;
  private java.util.function.Function<String, List<io.berth.engine.network.ContainerNetworking.Joined>> networks =
      id -> List.of();

  /**
   * {@code ports}: the ports a container has published now (network.PortPublisher#ports);
   * {@code execIds}: the IDs of its execs that have not exited, for inspect's {@code ExecIDs};
   * {@code logDefaults}: the daemon's log driver and options, merged into each new container's.
   */
  public ContainerRoutes(ContainerService containers,
      java.util.function.Function<String, List<io.berth.engine.network.PortMapping>> ports,
      java.util.function.Function<String, List<String>> execIds, LogPolicy.Defaults logDefaults) {
    this.containers = containers;
    this.ports = ports;
    this.execIds = execIds;
    this.pruner = new ContainerPruner(containers);
    this.logDefaults = logDefaults;
  }

  /** The networks each container belongs to, for inspect's and ps's network fields. */
  public ContainerRoutes networks(
      java.util.function.Function<String, List<io.berth.engine.network.ContainerNetworking.Joined>> view) {
    this.networks = view;
    return this;
  }

  private Map<String, Object> summary(Container c) {
    Map<String, Object> m = ContainerJson.summary(c, ports.apply(c.id()));
    NetworkJson.fillSummary(m, c, networks.apply(c.id()));
    return m;
  }

  public void register(Router r) {
    r.add("POST", "/containers/create", this::create);
    r.add("GET", "/containers/json", this::list);
    r.add("POST", "/containers/prune", this::prune);
    r.add("GET", "/containers/{id}/json", req -> {
      Container c = containers.get(req.param("id"));
      Map<String, Object> doc = ContainerJson.inspect(c, containers.paths(), ports.apply(c.id()));
      NetworkJson.fillInspect(doc, c, networks.apply(c.id()));
      List<String> execs = execIds.apply(c.id());
      if (!execs.isEmpty()) doc.put("ExecIDs", execs);
      if (req.bool("size", false)) doc = ContainerJson.withSizes(doc, containers.sizes().of(c));
      Responses.json(req, 200, doc);
    });
    r.add("POST", "/containers/{id}/start", req -> {
      containers.start(req.param("id"));
      Responses.noContent(req);
    });
    r.add("POST", "/containers/{id}/stop", req -> {
      Optional<Integer> t = req.query("t").map(v -> req.integer("t", 10));
      containers.stop(req.param("id"), t, req.query("signal"));
      Responses.noContent(req);
    });
    r.add("POST", "/containers/{id}/kill", req -> {
      containers.kill(req.param("id"), req.query("signal").orElse("SIGKILL"));
      Responses.noContent(req);
    });
    r.add("POST", "/containers/{id}/wait", this::await);
    r.add("DELETE", "/containers/{id}", req -> {
      containers.remove(req.param("id"), req.bool("force", false), req.bool("v", false));
      Responses.noContent(req);
    });
  }

  private void create(ApiRequest req) throws IOException {
    byte[] body = req.exchange().body().readAllBytes();
    JsonNode root = Json.read(body.length == 0 ? "{}".getBytes() : body, JsonNode.class);
    var created = containers.createWithWarnings(CreateRequests.parse(root, req.query("name"), logDefaults),
        req.query("platform").filter(p -> !p.isEmpty()).map(io.berth.oci.image.Platform::parse));
    Responses.json(req, 201, Docs.obj("Id", created.container().id(), "Warnings", created.warnings()));
  }

  private void list(ApiRequest req) throws IOException {
    boolean size = req.bool("size", false);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Container c : ContainerFilters.select(containers, req.filters(), req.bool("all", false), req.integer("limit", -1),
        this::summary, this::health)) {
      Map<String, Object> summary = summary(c);
      if (size) ContainerJson.putSizes(summary, containers.sizes().of(c));
      out.add(summary);
    }
    Responses.json(req, 200, out);
  }

  /** Docker's prune filters: {@code until}, {@code label} and {@code label!}. */
  private void prune(ApiRequest req) throws IOException {
    ApiRequest.Filters f = req.filters().only("label", "label!", "until");
    Optional<java.time.Instant> until = Optional.empty();
    if (f.get("until").size() > 1) throw BerthException.invalid("more than one until filter specified");
    for (String v : f.get("until")) until = Optional.of(Timestamps.parse(v, java.time.Instant.now()));
    List<String> labels = f.get("label");
    List<String> notLabels = f.get("label!");
    ContainerPruner.Report report = pruner.prune(until, l -> ContainerFilters.matchLabels(labels, l)
        && (notLabels.isEmpty() || !ContainerFilters.matchLabels(notLabels, l)));
    Responses.json(req, 200, Docs.obj("ContainersDeleted", report.deleted().isEmpty() ? null : report.deleted(),
        "SpaceReclaimed", report.reclaimed()));
  }

  /** The health status docker's {@code health} filter compares: the inspect document's, or "none". */
  private String health(Container c) {
    return c.state().health().map(h -> h.status().word()).orElse("none");
  }

  /** Answers 200 at once and completes the chunked body when the condition is met (docker run relies on it). */
  private void await(ApiRequest req) throws IOException {
    String condition = req.query("condition").orElse("not-running");
    ContainerService.WaitCondition cond = switch (condition) {
      case "not-running" -> ContainerService.WaitCondition.NOT_RUNNING;
      case "next-exit" -> ContainerService.WaitCondition.NEXT_EXIT;
      case "removed" -> ContainerService.WaitCondition.REMOVED;
      default -> throw BerthException.invalid("invalid condition: \"%s\"", condition);
    };
    CompletableFuture<Integer> exit = containers.waitFor(req.param("id"), cond);
    Headers h = new Headers();
    h.set("Content-Type", "application/json");
    try (OutputStream out = req.exchange().respondChunked(200, h)) {
      out.flush();
      Map<String, Object> result = new LinkedHashMap<>();
      try {
        result.put("StatusCode", exit.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        result.put("StatusCode", -1);
        result.put("Error", Map.of("Message", String.valueOf(e.getCause().getMessage())));
      }
      out.write(Responses.bytes(result));
      out.write('\n');
    }
  }
}
