package io.berth.engine.api;

import io.berth.engine.container.ContainerExport;
import io.berth.http.Headers;

/** {@code GET /containers/{id}/export}: the container's flattened file system as a tar stream. */
public final class ExportRoutes {
  private final ContainerExport export;

  public ExportRoutes(ContainerExport export) {
    this.export = export;
  }

  public void register(Router r) {
    r.add("GET", "/containers/{id}/export", req -> export.export(req.param("id"), () -> {
      Headers h = new Headers();
      h.set("Content-Type", "application/x-tar");
      return req.exchange().respondChunked(200, h);
    }));
  }
}
