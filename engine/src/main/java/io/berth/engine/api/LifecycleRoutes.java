package io.berth.engine.api;

import io.berth.engine.container.ContainerLifecycle;
import io.berth.engine.container.ContainerTop;
import java.util.Optional;

/**
 * {@code POST /containers/{id}/restart}, {@code /pause}, {@code /unpause}, {@code /rename} and
 * {@code GET /containers/{id}/top} (moby's container router; 204 on success).
 */
public final class LifecycleRoutes {
  private final ContainerLifecycle lifecycle;

  public LifecycleRoutes(ContainerLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  public void register(Router r) {
    r.add("POST", "/containers/{id}/restart", req -> {
      Optional<Integer> t = req.query("t").map(v -> req.integer("t", 10));
      // the signal parameter exists since API 1.42
      Optional<String> signal = req.version().atLeast(1, 42) ? req.query("signal") : Optional.empty();
      lifecycle.restart(req.param("id"), t, signal);
      Responses.noContent(req);
    });
    r.add("POST", "/containers/{id}/pause", req -> {
      lifecycle.pause(req.param("id"));
      Responses.noContent(req);
    });
    r.add("POST", "/containers/{id}/unpause", req -> {
      lifecycle.unpause(req.param("id"));
      Responses.noContent(req);
    });
    r.add("POST", "/containers/{id}/rename", req -> {
      lifecycle.rename(req.param("id"), req.exchange().query().get("name").orElse(""));
      Responses.noContent(req);
    });
    r.add("GET", "/containers/{id}/top", req -> {
      ContainerTop.Result top = lifecycle.top(req.param("id"), req.exchange().query().get("ps_args").orElse(""));
      Responses.json(req, 200, Docs.obj("Processes", top.processes(), "Titles", top.titles()));
    });
  }
}
