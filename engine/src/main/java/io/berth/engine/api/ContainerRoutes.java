package io.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerService;
import io.berth.engine.container.CreateSpec;
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

  public ContainerRoutes(ContainerService containers) {
    this.containers = containers;
  }

  public void register(Router r) {
    r.add("POST", "/containers/create", this::create);
    r.add("GET", "/containers/json", this::list);
    r.add("GET", "/containers/{id}/json",
        req -> Responses.json(req, 200, ContainerJson.inspect(containers.get(req.param("id")), containers.paths())));
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
      containers.remove(req.param("id"), req.bool("force", false));
      Responses.noContent(req);
    });
  }

  private void create(ApiRequest req) throws IOException {
    byte[] body = req.exchange().body().readAllBytes();
    JsonNode root = Json.read(body.length == 0 ? "{}".getBytes() : body, JsonNode.class);
    if (!root.isObject()) throw BerthException.invalid("invalid JSON: the request body must be an object");
    String image = text(root, "Image").orElseThrow(() -> BerthException.invalid("no image was specified"));
    JsonNode host = root.path("HostConfig");
    var spec = new CreateSpec(req.query("name"), image, strings(root.get("Entrypoint")), strings(root.get("Cmd")),
        strings(root.get("Env")).orElse(List.of()), text(root, "WorkingDir"), text(root, "User"),
        text(root, "Hostname"), text(root, "Domainname").orElse(""), labels(root.get("Labels")),
        root.path("Tty").asBoolean(false), root.path("OpenStdin").asBoolean(false),
        root.path("StdinOnce").asBoolean(false), root.path("AttachStdin").asBoolean(false),
        root.path("AttachStdout").asBoolean(false), root.path("AttachStderr").asBoolean(false),
        text(root, "StopSignal"), root.hasNonNull("StopTimeout") ? Optional.of(root.get("StopTimeout").asInt())
            : Optional.empty(),
        host.path("AutoRemove").asBoolean(false));
    Container c = containers.create(spec);
    Responses.json(req, 201, Docs.obj("Id", c.id(), "Warnings", List.of()));
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
  }

  /** Docker's StrSlice: a JSON array of strings, or one string. */
  private static Optional<List<String>> strings(JsonNode n) {
    if (n == null || n.isNull()) return Optional.empty();
    if (n.isTextual()) return Optional.of(List.of(n.asText()));
    if (!n.isArray()) throw BerthException.invalid("invalid JSON: expected a string or a list of strings");
    var out = new ArrayList<String>();
    n.forEach(x -> out.add(x.asText()));
    return Optional.of(out);
  }

  private static Map<String, String> labels(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n != null && n.isObject()) n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private void list(ApiRequest req) throws IOException {
    ApiRequest.Filters f = req.filters().only("id", "name", "status", "label", "exited", "ancestor", "before", "since");
    boolean all = req.bool("all", false);
    int limit = req.integer("limit", -1);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Container c : containers.list()) {
      if (!all && limit <= 0 && !c.state().running() && f.get("status").isEmpty() && f.get("exited").isEmpty()) continue;
      if (!ContainerFilters.matches(c, f)) continue;
      out.add(ContainerJson.summary(c));
      if (limit > 0 && out.size() >= limit) break;
    }
    Responses.json(req, 200, out);
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
