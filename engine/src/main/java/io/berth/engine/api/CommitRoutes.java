package io.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.archive.Change;
import io.berth.engine.container.ContainerDiff;
import io.berth.engine.image.Image;
import io.berth.engine.image.ImageCommitter;
import io.berth.engine.image.ImageHistory;
import io.berth.engine.image.ImageService;
import io.berth.engine.container.ContainerService;
import io.berth.engine.network.PortMapping;
import io.berth.engine.snapshot.Snapshotter;
import java.nio.file.Path;
import java.util.function.Function;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.ContainerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Versions and their audit trail: {@code POST /commit}, {@code GET /containers/{id}/changes} and
 * {@code GET /images/{name}/history} of the Engine API.
 */
public final class CommitRoutes {
  private final ImageCommitter committer;
  private final ContainerDiff diff;
  private final ImageHistory history;

  /** {@code ports}: the ports a container has published now, for its Config as inspect shows it. */
  public CommitRoutes(ImageService images, ContainerService containers, Snapshotter snapshotter, Path tmp,
      Function<String, List<PortMapping>> ports) {
    this.committer = new ImageCommitter(images, containers, snapshotter, tmp,
        c -> Json.mapper().valueToTree(ContainerJson.inspect(c, containers.paths(), ports.apply(c.id())).get("Config")));
    this.diff = new ContainerDiff(containers, snapshotter);
    this.history = new ImageHistory(images);
  }

  public void register(Router r) {
    r.add("POST", "/commit", this::commit);
    r.add("GET", "/containers/{id}/changes", this::changes);
    r.add("GET", "/images/{name*}/history", this::history);
  }

  /**
   * dockerd's {@code postCommit}: {@code pause} defaults to true (API 1.13+); {@code changes} may be
   * repeated; the body, when there is one and it is not {@code null}, is a container Config whose
   * fields override the container's. Answers 201 {@code {"Id": "sha256:…"}}.
   */
  private void commit(ApiRequest req) throws IOException {
    byte[] body = req.exchange().body().readAllBytes();
    Optional<ContainerConfig> config = Optional.empty();
    if (body.length > 0) {
      JsonNode node = Json.read(body, JsonNode.class);
      if (node != null && node.isObject()) config = Optional.of(Json.mapper().convertValue(node, ContainerConfig.class));
      else if (node != null && !node.isNull()) throw BerthException.invalid("invalid JSON: the body must be a container Config");
    }
    // httputils.BoolValue, and true when absent
    String p = req.query("pause").orElse("").strip().toLowerCase(java.util.Locale.ROOT);
    boolean pause = p.isEmpty() || !List.of("0", "no", "false", "none").contains(p);
    Image img = committer.commit(new ImageCommitter.Request(req.query("container").orElse(""), req.query("repo"),
        req.query("tag"), req.query("comment").orElse(""), req.query("author").orElse(""), pause,
        req.exchange().query().all("changes"), config));
    Responses.json(req, 201, Docs.obj("Id", img.id().toString()));
  }

  private void changes(ApiRequest req) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Change c : diff.changes(req.param("id"))) out.add(Docs.obj("Path", c.path(), "Kind", c.kind().code()));
    Responses.json(req, 200, out.isEmpty() ? null : out); // dockerd answers null for no changes
  }

  private void history(ApiRequest req) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ImageHistory.Row row : history.of(req.param("name"))) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Id", row.id());
      m.put("Created", row.created());
      m.put("CreatedBy", row.createdBy());
      m.put("Tags", row.tags().isEmpty() ? null : row.tags()); // dockerd: null when untagged
      m.put("Size", row.size());
      m.put("Comment", row.comment());
      out.add(m);
    }
    Responses.json(req, 200, out);
  }
}
