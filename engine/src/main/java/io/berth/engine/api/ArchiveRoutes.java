package io.berth.engine.api;

import io.berth.engine.archive.PathStat;
import io.berth.engine.container.ContainerArchive;
import io.berth.http.Headers;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code HEAD}, {@code GET} and {@code PUT /containers/{id}/archive}: the stat header, the tar of a
 * path, and extraction of a tar into a directory ({@code docker cp} in both directions).
 */
public final class ArchiveRoutes {
  private final ContainerArchive archive;

  public ArchiveRoutes(ContainerArchive archive) {
    this.archive = archive;
  }

  public void register(Router r) {
    r.add("HEAD", "/containers/{id}/archive", req -> {
      PathStat st = archive.stat(req.param("id"), path(req));
      req.exchange().respond(200, statHeaders(st), new byte[0]);
    });
    r.add("GET", "/containers/{id}/archive", req -> archive.archive(req.param("id"), path(req), st -> {
      Headers h = statHeaders(st);
      h.set("Content-Type", "application/x-tar");
      return req.exchange().respondChunked(200, h);
    }));
    r.add("PUT", "/containers/{id}/archive", req -> {
      String path = path(req);
      try (InputStream body = req.exchange().body()) {
        archive.extract(req.param("id"), path, req.bool("noOverwriteDirNonDir", false), req.bool("copyUIDGID", false),
            body);
      }
      req.exchange().respondEmpty(200);
    });
  }

  private static String path(ApiRequest req) {
    // Docker's text, its missing space included (moby's badParameterError).
    return req.query("path").orElseThrow(() -> BerthException.invalid("bad parameter: pathcannot be empty"));
  }

  private static Headers statHeaders(PathStat st) throws IOException {
    Headers h = new Headers();
    h.set(PathStat.HEADER, PathStat.headerValue(Responses.bytes(st.toJson())));
    return h;
  }
}
