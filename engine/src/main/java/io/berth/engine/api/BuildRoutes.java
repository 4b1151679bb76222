package io.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.build.BuildCachePruner;
import io.berth.engine.build.BuildOutput;
import io.berth.engine.build.BuildRequest;
import io.berth.engine.build.context.ContextDir;
import io.berth.engine.build.Builder;
import io.berth.http.Headers;
import io.berth.oci.Digest;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.store.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /build} (the classic builder, {@code version=1}): the context tar in the body is
 * extracted under the data root, the build's progress streams back as Docker's JSON messages
 * ({@code stream}, {@code aux}, and {@code errorDetail} for a failure, which the docker CLI prints
 * and exits 1 on), and the context is deleted afterwards.
 */
public final class BuildRoutes {
  private final Builder builder;
  private final BuildCachePruner pruner;
  private final Path tmp;

  public BuildRoutes(Builder builder, BuildCachePruner pruner, Path tmp) {
    this.builder = builder;
    this.pruner = pruner;
    this.tmp = tmp;
  }

  public void register(Router r) {
    r.add("POST", "/build", this::build);
    r.add("POST", "/build/prune", this::prune);
  }

  /** {@code docker builder prune}: {@code all}, and the {@code until} filter; answers what went and the bytes freed. */
  private void prune(ApiRequest req) throws IOException {
    ApiRequest.Filters f = req.filters().only("until", "unused-for", "type", "id", "parent", "description",
        "inuse", "shared", "private");
    Optional<java.time.Instant> until = Optional.empty();
    List<String> u = new java.util.ArrayList<>(f.get("until"));
    u.addAll(f.get("unused-for"));
    if (!u.isEmpty()) until = Optional.of(Timestamps.parse(u.getFirst(), java.time.Instant.now()));
    BuildCachePruner.Report r = pruner.prune(req.bool("all", false), until);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("CachesDeleted", r.deleted().isEmpty() ? null : r.deleted());
    out.put("SpaceReclaimed", r.reclaimed());
    Responses.json(req, 200, out);
  }

  /** The df response's {@code BuildCache} list (Docker's BuildCache records). */
  public static List<Map<String, Object>> usage(BuildCachePruner pruner) {
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    for (BuildCachePruner.Usage u : pruner.usage()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ID", u.entry().id());
      m.put("Parents", u.entry().parent().map(p -> List.of(p.toString())).orElse(List.of()));
      m.put("Type", "regular");
      m.put("Description", u.entry().createdBy());
      m.put("InUse", u.inUse());
      m.put("Shared", u.shared());
      m.put("Size", u.size());
      m.put("CreatedAt", java.time.Instant.ofEpochMilli(u.entry().created()).toString());
      m.put("LastUsedAt", java.time.Instant.ofEpochMilli(u.entry().lastUsed()).toString());
      m.put("UsageCount", 1);
      out.add(m);
    }
    return out;
  }

  private void build(ApiRequest req) throws IOException {
    if (req.query("remote").filter(s -> !s.isEmpty()).isPresent()) {
      throw BerthException.invalid("remote build contexts (git and URLs) are not supported: send the context as a tar");
    }
    if (req.query("version").filter("2"::equals).isPresent()) {
      throw BerthException.invalid("BuildKit (version=2) is not supported by berthd: use the classic builder "
          + "(DOCKER_BUILDKIT=0)");
    }
    Builder.checkPlatformParam(req.query("platform").orElse(""));
    String dockerfile = req.query("dockerfile").filter(s -> !s.isEmpty()).orElse("Dockerfile");
    Path dir = Files.createTempDirectory(Files.createDirectories(tmp), "build-");
    try (ContextDir context = ContextDir.extract(req.exchange().body(), dir.resolve("ctx"), dockerfile)) {
      BuildRequest request = request(req, context.root(), dockerfile, context.dockerfile(dockerfile));
      Headers h = new Headers();
      h.set("Content-Type", "application/json");
      try (OutputStream out = req.exchange().respondChunked(200, h)) {
        JsonOutput messages = new JsonOutput(out);
        try {
          builder.build(request, messages);
        } catch (Builder.StepFailed e) {
          messages.error(e.getMessage(), e.code());
        } catch (BerthException | IOException e) {
          messages.error(e.getMessage(), 1);
        } catch (RuntimeException e) {
          messages.error("internal error: " + e, 1);
          throw e;
        }
      }
    } finally {
      AtomicFiles.deleteRecursively(dir);
    }
  }

  private static BuildRequest request(ApiRequest req, Path context, String dockerfile, Path dockerfilePath) {
    Map<String, Optional<String>> args = new LinkedHashMap<>();
    jsonObject(req, "buildargs").fields().forEachRemaining(e ->
        args.put(e.getKey(), e.getValue().isNull() ? Optional.empty() : Optional.of(e.getValue().asText())));
    Map<String, String> labels = new LinkedHashMap<>();
    jsonObject(req, "labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    List<String> tags = req.exchange().query().all("t").stream().filter(t -> !t.isEmpty()).toList();
    for (String t : tags) {
      try {
        io.berth.oci.ImageReference.parseWithDefaultTag(t);
      } catch (RuntimeException e) {
        throw BerthException.invalid("invalid reference format: %s", t);
      }
    }
    long shm = 0;
    String shmRaw = req.query("shmsize").orElse("0");
    try {
      shm = Long.parseLong(shmRaw);
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid shmsize: %s", shmRaw);
    }
    return new BuildRequest(context, dockerfile, dockerfilePath, tags, args, labels, req.query("target").filter(s -> !s.isEmpty()),
        req.bool("nocache", false), req.bool("q", false), req.bool("rm", true), req.bool("forcerm", false),
        req.query("networkmode").orElse(""), shm, req.exchange().query().all("extrahosts"));
  }

  private static JsonNode jsonObject(ApiRequest req, String name) {
    Optional<String> raw = req.query(name).filter(s -> !s.isEmpty());
    if (raw.isEmpty()) return Json.mapper().createObjectNode();
    JsonNode n;
    try {
      n = Json.read(raw.get().getBytes(StandardCharsets.UTF_8), JsonNode.class);
    } catch (RuntimeException e) {
      throw BerthException.invalid("invalid %s: %s", name, e.getMessage());
    }
    if (n == null || n.isNull()) return Json.mapper().createObjectNode();
    if (!n.isObject()) throw BerthException.invalid("invalid %s: a JSON object is expected", name);
    return n;
  }

  /** Docker's JSON message stream, one object per line, flushed as it goes. */
  private static final class JsonOutput implements BuildOutput {
    private final OutputStream out;

    JsonOutput(OutputStream out) {
      this.out = out;
    }

    @Override public synchronized void stream(String text) {
      write(Map.of("stream", text));
    }

    @Override public synchronized void aux(Digest imageId) {
      write(Map.of("aux", Map.of("ID", imageId.toString())));
    }

    @Override public synchronized void json(byte[] message) {
      try {
        out.write(message);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    synchronized void error(String message, int code) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("errorDetail", Map.of("code", code, "message", message));
      m.put("error", message);
      write(m);
    }

    private void write(Object message) {
      try {
        out.write(Responses.bytes(message));
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
