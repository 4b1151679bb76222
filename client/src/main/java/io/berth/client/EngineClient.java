package io.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.json.JsonException;
import io.berth.client.json.JsonFields;
import io.berth.client.json.JsonReader;
import io.berth.client.json.JsonWriter;
import io.berth.client.model.ContainerCreateRequest;
import io.berth.client.model.ContainerCreateResponse;
import io.berth.client.model.ContainerInspect;
import io.berth.client.model.ContainerPathStat;
import io.berth.client.model.ContainerPruneReport;
import io.berth.client.model.ContainerSummary;
import io.berth.client.model.ExecInspect;
import io.berth.client.model.ImageDeleteResponseItem;
import io.berth.client.model.ImageInspect;
import io.berth.client.model.ImageSummary;
import io.berth.client.model.ProgressMessage;
import io.berth.client.model.SystemInfo;
import io.berth.client.model.SystemVersion;
import io.berth.client.model.TopResponse;
import io.berth.client.model.UpdateRequest;
import io.berth.client.model.WaitResponse;
import io.berth.http.Endpoint;
import io.berth.http.client.HttpClient;
import io.berth.http.client.Request;
import io.berth.http.client.Response;
import io.berth.http.client.Upgraded;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A typed Docker Engine API client.
 *
 * <p>Lifecycle: {@link #connect(Endpoint, String)} pings the daemon ({@code HEAD /_ping}, falling
 * back to {@code GET} on 405) and negotiates the API version as the docker CLI does: the lower of
 * {@link ApiVersion#MAX} and the daemon's {@code API-Version} header, 1.24 when there is none. Every
 * later call is sent as {@code /v1.NN/...}. Each call uses its own connection, so calls may run
 * concurrently from several threads (run sends attach, wait and start at once); the client is
 * thread-safe. {@link #close()} releases the transport.
 *
 * <p>Errors: a non-2xx answer throws {@link EngineException} with the daemon's {@code message};
 * no daemon at the endpoint throws {@link DaemonUnreachableException}; an I/O failure in the middle
 * of a call throws {@link UncheckedIOException}, and so does an answer that is not the JSON
 * expected ("invalid json from daemon: ...").
 *
 * <p>JSON is read and written with {@link io.berth.client.json} (not Jackson), because loading and
 * initialising Jackson databind costs more than everything else a short CLI run does. The only
 * exceptions are {@link #inspectContainerRaw} and {@link #inspectImageRaw}, kept for callers that
 * want Jackson trees; the CLI uses {@link #inspectContainerDocument} and {@link #inspectImageDocument}.
 */
public final class EngineClient implements AutoCloseable {
  private static final String JSON = "application/json";
  private static final String TAR = "application/x-tar";

  private final HttpClient http;
  private final String endpointText;
  private final ApiVersion version;

  private EngineClient(HttpClient http, String endpointText, ApiVersion version) {
    this.http = http;
    this.endpointText = endpointText;
    this.version = version;
  }

  /**
   * Connects and negotiates. {@code endpointText} is how the user named the daemon (used in the
   * unreachable message).
   */
  public static EngineClient connect(Endpoint endpoint, String endpointText) {
    HttpClient http = new HttpClient(endpoint);
    Optional<String> announced;
    try (Response r = pingResponse(http)) {
      announced = r.headers().first("API-Version");
    } catch (IOException | UncheckedIOException e) {
      throw new DaemonUnreachableException(endpointText, e);
    }
    return new EngineClient(http, endpointText, ApiVersion.negotiate(announced));
  }

  /** Parses {@code unix:///path} or {@code tcp://host:port} and connects. */
  public static EngineClient connect(String endpoint) {
    return connect(Endpoint.parse(endpoint), endpoint);
  }

  private static Response pingResponse(HttpClient http) throws IOException {
    Response r = http.send(Request.head("/_ping"));
    if (r.status() == 405) {
      r.close();
      r = http.send(Request.get("/_ping"));
    }
    return r;
  }

  public ApiVersion apiVersion() { return version; }

  public String endpoint() { return endpointText; }

  // ---- system ----------------------------------------------------------------------------------

  public SystemVersion version() { return getObject("/version", SystemVersion::fromJson); }

  public SystemInfo info() { return getObject("/info", SystemInfo::fromJson); }

  // ---- containers ------------------------------------------------------------------------------

  public List<ContainerSummary> listContainers(ContainerListOptions options) {
    return getList(options.toQuery().appendTo("/containers/json"), ContainerSummary::fromJson);
  }

  /** {@code POST /containers/prune} with docker's filters (until, label, label!). */
  public ContainerPruneReport pruneContainers(Map<String, List<String>> filters) {
    return object(bytes(call(Request.post(v(new Query().filters(filters).appendTo("/containers/prune"))))),
        ContainerPruneReport::fromJson);
  }

  /** {@code POST /containers/create[?name=]}; a 404 means the image is missing. */
  public ContainerCreateResponse createContainer(ContainerCreateRequest request, Optional<String> name) {
    return createContainer(request, name, Optional.empty());
  }

  /** As above with {@code platform=os/arch[/variant]} ({@code --platform}), as the docker CLI sends it. */
  public ContainerCreateResponse createContainer(ContainerCreateRequest request, Optional<String> name,
      Optional<String> platform) {
    var q = new Query();
    name.ifPresent(n -> q.add("name", n));
    platform.ifPresent(p -> q.add("platform", p));
    byte[] body = JsonWriter.bytes(request.toJson());
    return object(bytes(call(Request.post(v(q.appendTo("/containers/create")), body, JSON))), ContainerCreateResponse::fromJson);
  }

  public ContainerInspect inspectContainer(String ref) {
    return getObject("/containers/" + Query.path(ref) + "/json", ContainerInspect::fromJson);
  }

  /**
   * The daemon's inspect document as is (an immutable tree in the daemon's key order, see
   * {@link io.berth.client.json}), for {@code inspect} output and {@code --format}.
   */
  public Map<String, Object> inspectContainerDocument(String ref) {
    return document(bytes(call(Request.get(v("/containers/" + Query.path(ref) + "/json")))));
  }

  /** As {@link #inspectContainerDocument(String)}; {@code size} adds SizeRw and SizeRootFs ({@code size=1}). */
  public Map<String, Object> inspectContainerDocument(String ref, boolean size) {
    if (!size) return inspectContainerDocument(ref);
    return document(bytes(call(Request.get(v(new Query().flag("size", true).appendTo("/containers/" + Query.path(ref) + "/json"))))));
  }

  /** As {@link #inspectContainerDocument}, as a Jackson tree (loads Jackson databind). */
  public JsonNode inspectContainerRaw(String ref) {
    return ApiJson.tree(bytes(call(Request.get(v("/containers/" + Query.path(ref) + "/json")))));
  }

  public void startContainer(String ref) {
    discard(call(Request.post(v("/containers/" + Query.path(ref) + "/start"))));
  }

  public void stopContainer(String ref, OptionalInt timeoutSeconds, Optional<String> signal) {
    var q = new Query();
    signal.ifPresent(s -> q.add("signal", s));
    timeoutSeconds.ifPresent(t -> q.add("t", Integer.toString(t)));
    discard(call(Request.post(v(q.appendTo("/containers/" + Query.path(ref) + "/stop")))));
  }

  public void killContainer(String ref, Optional<String> signal) {
    var q = new Query();
    signal.ifPresent(s -> q.add("signal", s));
    discard(call(Request.post(v(q.appendTo("/containers/" + Query.path(ref) + "/kill")))));
  }

  /** {@code POST /containers/{id}/restart?t=&signal=}. */
  public void restartContainer(String ref, OptionalInt timeoutSeconds, Optional<String> signal) {
    var q = new Query();
    signal.ifPresent(s -> q.add("signal", s));
    timeoutSeconds.ifPresent(t -> q.add("t", Integer.toString(t)));
    discard(call(Request.post(v(q.appendTo("/containers/" + Query.path(ref) + "/restart")))));
  }

  public void pauseContainer(String ref) {
    discard(call(Request.post(v("/containers/" + Query.path(ref) + "/pause"))));
  }

  public void unpauseContainer(String ref) {
    discard(call(Request.post(v("/containers/" + Query.path(ref) + "/unpause"))));
  }

  /** {@code POST /containers/{id}/rename?name=}. */
  public void renameContainer(String ref, String newName) {
    var q = new Query().add("name", newName);
    discard(call(Request.post(v(q.appendTo("/containers/" + Query.path(ref) + "/rename")))));
  }

  /** {@code GET /containers/{id}/top}; the ps options are sent joined by spaces, as the docker CLI does. */
  public TopResponse topContainer(String ref, List<String> psArgs) {
    var q = new Query();
    if (!psArgs.isEmpty()) q.add("ps_args", String.join(" ", psArgs));
    return getObject(q.appendTo("/containers/" + Query.path(ref) + "/top"), TopResponse::fromJson);
  }

  /**
   * {@code POST /containers/{id}/update}: changes the limits (and restart policy) of a container;
   * returns the daemon's warnings (limits the host cannot apply).
   */
  public List<String> update(String ref, UpdateRequest request) {
    byte[] body = JsonWriter.bytes(request.toJson());
    return object(bytes(call(Request.post(v("/containers/" + Query.path(ref) + "/update"), body, JSON))),
        f -> f.strings("Warnings"));
  }

  /**
   * {@code GET /containers/{id}/stats?stream=1|0[&one-shot=1]}, as the docker client asks: with
   * {@code stream} the samples keep coming (one a second) until the container stops; without it the
   * daemon sends one, after a second's priming so that {@code precpu_stats} is filled, unless
   * {@code oneShot}. The caller closes the stream. A missing container throws {@link EngineException} (404).
   */
  public StatsStream stats(String ref, boolean stream, boolean oneShot) {
    var q = new Query().add("stream", stream ? "1" : "0");
    if (oneShot && !stream) q.add("one-shot", "1");
    return new StatsStream(call(Request.get(v(q.appendTo("/containers/" + Query.path(ref) + "/stats")))));
  }

  /**
   * {@code GET /events}: hands each message (the daemon's JSON object, in its key order) to
   * {@code each} as it arrives; returns when the daemon ends the stream ({@code until} reached).
   * {@code since}/{@code until} are the daemon's "seconds[.nanoseconds]" form.
   */
  public void events(Optional<String> since, Optional<String> until, Map<String, List<String>> filters,
      Consumer<Map<String, Object>> each) {
    var q = new Query();
    since.ifPresent(s -> q.add("since", s));
    until.ifPresent(u -> q.add("until", u));
    q.filters(filters);
    Response r = call(Request.get(v(q.appendTo("/events"))));
    try (r) {
      JsonReader.readValues(r.body(), value -> each.accept(JsonFields.of(value).map()));
    } catch (JsonException e) {
      throw invalid(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void removeContainer(String ref, boolean force, boolean volumes) {
    var q = new Query().flag("force", force).flag("v", volumes);
    discard(call(Request.delete(v(q.appendTo("/containers/" + Query.path(ref))))));
  }

  /**
   * Sends {@code POST /containers/{id}/wait} and returns once the daemon has accepted it (status
   * line and headers); the exit status arrives when the body completes, read by
   * {@link PendingWait#await()}. This is what lets {@code run} register the wait before start.
   */
  public PendingWait waitContainer(String ref, WaitCondition condition) {
    var q = new Query().add("condition", condition.wire());
    Response r = call(Request.post(v(q.appendTo("/containers/" + Query.path(ref) + "/wait"))));
    return new PendingWait(r);
  }

  /** A wait whose answer body completes when the container exits. Close it to give up waiting. */
  public static final class PendingWait implements AutoCloseable {
    private final Response response;

    PendingWait(Response response) { this.response = response; }

    /** Blocks until the container reaches the condition; the exit code is in {@link WaitResponse#statusCode()}. */
    public WaitResponse await() {
      try (response) {
        return object(response.bodyBytes(), WaitResponse::fromJson);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override public void close() {
      try { response.close(); } catch (Exception ignored) { /* abandoning the wait */ }
    }
  }

  /** {@code POST /containers/{id}/resize?h=&w=}: sets the size of the container's terminal. */
  public void resizeContainer(String ref, int height, int width) {
    var q = new Query().add("h", Integer.toString(height)).add("w", Integer.toString(width));
    discard(call(Request.post(v(q.appendTo("/containers/" + Query.path(ref) + "/resize")))));
  }

  /** Hijacks the connection ({@code 101 Upgrade: tcp}) for the container's stdio. */
  public AttachSession attach(String ref, AttachOptions options) {
    String target = v(options.toQuery().appendTo("/containers/" + Query.path(ref) + "/attach"));
    // the transport adds "Connection: Upgrade" and "Upgrade: tcp", as the docker CLI sends them
    Request req = Request.post(target);
    try {
      Upgraded u = http.upgrade(req);
      if (u.status() >= 300) {
        byte[] body;
        try (u) { body = u.in().readAllBytes(); }
        throw new EngineException(u.status(), ErrorMessages.from(u.status(), body));
      }
      return new AttachSession(u);
    } catch (IOException e) {
      throw unreachableOr(e);
    }
  }

  // ---- exec ------------------------------------------------------------------------------------

  /** {@code POST /containers/{ref}/exec}: the new exec instance's ID. */
  public String createExec(String ref, ExecOptions options) {
    byte[] body = JsonWriter.bytes(options.toJson(version));
    var response = object(bytes(call(Request.post(v("/containers/" + Query.path(ref) + "/exec"), body, JSON))),
        f -> f.string("Id"));
    return response;
  }

  /** {@code POST /exec/{id}/start} with {@code Detach: true}: the process runs on its own. */
  public void startExecDetached(String id, boolean tty) {
    byte[] body = JsonWriter.bytes(startBody(true, tty, Optional.empty()));
    discard(call(Request.post(v("/exec/" + Query.path(id) + "/start"), body, JSON)));
  }

  /**
   * {@code POST /exec/{id}/start}, hijacked ({@code 101 Upgrade: tcp}, as the docker CLI does): the
   * session carries the process's stdio until it ends; then {@link #inspectExec} has the exit code.
   */
  public AttachSession startExec(String id, boolean tty, Optional<int[]> consoleSize) {
    byte[] body = JsonWriter.bytes(startBody(false, tty, consoleSize));
    Request req = Request.post(v("/exec/" + Query.path(id) + "/start"), body, JSON);
    try {
      Upgraded u = http.upgrade(req);
      if (u.status() >= 300) {
        byte[] err;
        try (u) { err = u.in().readAllBytes(); }
        throw new EngineException(u.status(), ErrorMessages.from(u.status(), err));
      }
      return new AttachSession(u);
    } catch (IOException e) {
      throw unreachableOr(e);
    }
  }

  private Map<String, Object> startBody(boolean detach, boolean tty, Optional<int[]> consoleSize) {
    var m = new java.util.LinkedHashMap<String, Object>();
    m.put("Detach", detach);
    m.put("Tty", tty);
    if (version.atLeast(new ApiVersion(1, 42))) consoleSize.ifPresent(s -> m.put("ConsoleSize", List.of(s[0], s[1])));
    return m;
  }

  public ExecInspect inspectExec(String id) {
    return getObject("/exec/" + Query.path(id) + "/json", ExecInspect::fromJson);
  }

  /** {@code POST /exec/{id}/resize?h=&w=}. */
  public void resizeExec(String id, int height, int width) {
    var q = new Query().add("h", Integer.toString(height)).add("w", Integer.toString(width));
    discard(call(Request.post(v(q.appendTo("/exec/" + Query.path(id) + "/resize")))));
  }

  /**
   * Streams a container's log. {@code tty} says how the container was created: with a TTY the
   * daemon sends the raw stream, otherwise 8-byte-header frames. A {@code Content-Type} of
   * {@code application/vnd.docker.raw-stream} or {@code multiplexed-stream} overrides the hint.
   */
  public StdStreamDemux logs(String ref, LogsOptions options, boolean tty) {
    Response r = call(Request.get(v(options.toQuery().appendTo("/containers/" + Query.path(ref) + "/logs"))));
    String type = r.headers().first("Content-Type").orElse("");
    boolean multiplexed = type.contains("multiplexed-stream") || (!type.contains("raw-stream") && !tty);
    InputStream body = new ClosingInputStream(r);
    return multiplexed ? StdStreamDemux.multiplexed(body) : StdStreamDemux.raw(body);
  }

  /** {@code POST /commit?container=…}: the new image's ID ({@code sha256:…}). */
  public String commit(String container, CommitOptions options) {
    Map<String, Object> doc = document(bytes(call(Request.post(v(options.toQuery(container).appendTo("/commit"))))));
    return JsonFields.of(doc).string("Id");
  }

  /** {@code GET /containers/{id}/changes}; dockerd answers {@code null} for none (an empty list here). */
  public List<io.berth.client.model.ContainerChange> changes(String ref) {
    byte[] body = bytes(call(Request.get(v("/containers/" + Query.path(ref) + "/changes"))));
    if (new String(body, java.nio.charset.StandardCharsets.UTF_8).strip().equals("null")) return List.of();
    return list(body, io.berth.client.model.ContainerChange::fromJson);
  }

  // ---- images ----------------------------------------------------------------------------------

  /** {@code GET /images/{name}/history}: newest first. */
  public List<io.berth.client.model.ImageHistoryItem> history(String ref) {
    return getList("/images/" + Query.path(ref) + "/history", io.berth.client.model.ImageHistoryItem::fromJson);
  }

  public List<ImageSummary> listImages(boolean all) {
    return getList(new Query().flag("all", all).appendTo("/images/json"), ImageSummary::fromJson);
  }

  /** {@code GET /images/json} with docker's filters (dangling, label, reference, before, since). */
  public List<ImageSummary> listImages(boolean all, Map<String, List<String>> filters) {
    return getList(new Query().flag("all", all).filters(filters).appendTo("/images/json"), ImageSummary::fromJson);
  }

  /** {@code POST /images/prune} with docker's filters (dangling, until, label, label!). */
  public io.berth.client.model.ImagePruneReport pruneImages(Map<String, List<String>> filters) {
    return object(bytes(call(Request.post(v(new Query().filters(filters).appendTo("/images/prune"))))),
        io.berth.client.model.ImagePruneReport::fromJson);
  }

  /** The {@code /networks} endpoints. */
  public NetworkClient networks() { return new NetworkClient(this); }

  /** The {@code /volumes} endpoints. */
  public VolumeClient volumes() { return new VolumeClient(this); }

  /** {@code POST /networks/prune}: the removed networks' names. */
  public List<String> pruneNetworks(Map<String, List<String>> filters) {
    return object(bytes(call(Request.post(v(new Query().filters(filters).appendTo("/networks/prune"))))),
        f -> f.strings("NetworksDeleted"));
  }

  /** {@code POST /build/prune}: the bytes freed. */
  public long pruneBuildCache(boolean all, Map<String, List<String>> filters) {
    return buildCachePrune(all, filters).spaceReclaimed();
  }

  /** {@code POST /build/prune} with docker's filters (until, unused-for, ...): what went and the bytes freed. */
  public io.berth.client.model.BuildCachePruneReport buildCachePrune(boolean all, Map<String, List<String>> filters) {
    return object(bytes(call(Request.post(v(new Query().flag("all", all).filters(filters).appendTo("/build/prune"))))),
        io.berth.client.model.BuildCachePruneReport::fromJson);
  }

  /** {@code GET /system/df}. */
  public io.berth.client.model.DiskUsage diskUsage() {
    return getObject("/system/df", io.berth.client.model.DiskUsage::fromJson);
  }

  /** Berth's {@code POST /berth/check[?repair=1]}: verifies (and repairs) the daemon's store. */
  public io.berth.client.model.StoreCheckReport checkStore(boolean repair) {
    return object(bytes(call(Request.post(v(new Query().flag("repair", repair).appendTo("/berth/check"))))),
        io.berth.client.model.StoreCheckReport::fromJson);
  }

  public ImageInspect inspectImage(String ref) {
    return getObject("/images/" + Query.path(ref) + "/json", ImageInspect::fromJson);
  }

  /** The daemon's image inspect document as is; see {@link #inspectContainerDocument}. */
  public Map<String, Object> inspectImageDocument(String ref) {
    return document(bytes(call(Request.get(v("/images/" + Query.path(ref) + "/json")))));
  }

  /** As {@link #inspectImageDocument}, as a Jackson tree (loads Jackson databind). */
  public JsonNode inspectImageRaw(String ref) {
    return ApiJson.tree(bytes(call(Request.get(v("/images/" + Query.path(ref) + "/json")))));
  }

  public List<ImageDeleteResponseItem> removeImage(String ref, boolean force, boolean noPrune) {
    var q = new Query().flag("force", force).flag("noprune", noPrune);
    return list(bytes(call(Request.delete(v(q.appendTo("/images/" + Query.path(ref)))))), ImageDeleteResponseItem::fromJson);
  }

  /** {@code POST /images/{source}/tag?repo=&tag=}. */
  public void tagImage(String source, String repo, Optional<String> tag) {
    var q = new Query().add("repo", repo);
    tag.ifPresent(t -> q.add("tag", t));
    discard(call(Request.post(v(q.appendTo("/images/" + Query.path(source) + "/tag")))));
  }

  /**
   * {@code POST /images/create?fromSrc=-} with the tar streamed as the body. Progress lines go to
   * {@code progress}; an error line in the stream throws {@link EngineException} (status 500).
   */
  public void importImage(InputStream tar, ImportOptions options, Consumer<ProgressMessage> progress) {
    streamProgress(call(streamed("POST", v(options.toQuery().appendTo("/images/create")), tar, TAR)), progress);
  }

  /** {@code POST /images/load} with the tar streamed as the body; progress as in import. */
  public void loadImages(InputStream tar, boolean quiet, Consumer<ProgressMessage> progress) {
    streamProgress(call(streamed("POST", v(new Query().flag("quiet", quiet).appendTo("/images/load")), tar, TAR)), progress);
  }

  /**
   * {@code POST /build} with the context tar ({@code application/x-tar}, plain or compressed) streamed
   * as the body while it is produced; returns the daemon's messages as they come. An error before
   * the build starts (a bad Dockerfile, an unknown option) is an {@link EngineException}; one during
   * the build is a {@link io.berth.client.model.BuildMessage.Error} in the stream.
   */
  public BuildStream build(BuildOptions options, InputStream context) {
    // X-Registry-Config: the docker CLI always sends its credentials map, "{}" when it has none
    return new BuildStream(call(Request.post(v(options.toQuery().appendTo("/build")), context, TAR)
        .withHeader("X-Registry-Config", "e30=")));
  }

  // ---- distribution --------------------------------------------------------------------------

  /**
   * {@code POST /images/create?fromImage=&tag=[&platform=]} (pull) with {@code X-Registry-Auth}
   * (base64url JSON, {@code e30=} for none, as the docker CLI sends it). {@code fromImage} is the
   * full repository name ({@code docker.io/library/busybox}); {@code tag} a tag or a digest, empty
   * for all tags. A refusal before the pull starts (401, 404, 500) is an {@link EngineException};
   * an error during it is a message in the stream.
   */
  public ProgressStream pull(String fromImage, Optional<String> tag, Optional<String> platform, String registryAuth) {
    var q = new Query().add("fromImage", fromImage);
    tag.ifPresent(t -> q.add("tag", t));
    platform.ifPresent(p -> q.add("platform", p));
    return new ProgressStream(call(Request.post(v(q.appendTo("/images/create")))
        .withHeader("X-Registry-Auth", registryAuth)));
  }

  /** {@code POST /images/{name}/push[?tag=]}: {@code name} is the repository, no tag pushes them all. */
  public ProgressStream push(String name, Optional<String> tag, String registryAuth) {
    var q = new Query();
    tag.ifPresent(t -> q.add("tag", t));
    return new ProgressStream(call(Request.post(v(q.appendTo("/images/" + Query.path(name) + "/push")))
        .withHeader("X-Registry-Auth", registryAuth)));
  }

  /**
   * {@code POST /auth} with {@code {"username","password","serveraddress"}} (or an identity token):
   * the daemon checks the credentials against the registry. A refusal is an {@link EngineException}
   * (401 for wrong credentials).
   */
  public io.berth.client.model.AuthResponse auth(Map<String, Object> authConfig) {
    byte[] body = JsonWriter.bytes(authConfig);
    return object(bytes(call(Request.post(v("/auth"), body, JSON))), io.berth.client.model.AuthResponse::fromJson);
  }

  /** {@code GET /images/search?term=[&limit=][&filters=]} with {@code X-Registry-Auth}. */
  public List<io.berth.client.model.SearchResult> searchImages(String term, int limit, Map<String, List<String>> filters,
      String registryAuth) {
    var q = new Query().add("term", term);
    if (limit > 0) q.add("limit", Integer.toString(limit));
    q.filters(filters);
    return list(bytes(call(Request.get(v(q.appendTo("/images/search"))).withHeader("X-Registry-Auth", registryAuth))),
        io.berth.client.model.SearchResult::fromJson);
  }

  /** {@code GET /containers/{id}/export}: the container's file system as a tar stream; the caller closes it. */
  public InputStream exportContainer(String ref) {
    return new ClosingInputStream(call(Request.get(v("/containers/" + Query.path(ref) + "/export"))));
  }

  /** {@code GET /images/get?names=..}: a docker-archive tar stream; the caller closes it. */
  public InputStream saveImages(List<String> names) {
    var q = new Query();
    names.forEach(n -> q.add("names", n));
    return new ClosingInputStream(call(Request.get(v(q.appendTo("/images/get")))));
  }

  // ---- archive (cp) ----------------------------------------------------------------------------

  /** A path's stat and its tar archive (the caller closes the stream). */
  public record ContainerArchive(ContainerPathStat stat, InputStream tar) implements AutoCloseable {
    @Override public void close() throws IOException { tar.close(); }
  }

  /**
   * {@code HEAD /containers/{id}/archive?path=}. A 404 (which a HEAD answer cannot explain) reads as
   * the docker client's {@code No such container:path: c1:/x}.
   */
  public ContainerPathStat statContainerPath(String ref, String path) {
    String target = v(new Query().add("path", path).appendTo("/containers/" + Query.path(ref) + "/archive"));
    Response r;
    try {
      r = call(Request.head(target));
    } catch (EngineException e) {
      if (e.status() == 404) throw new EngineException(404, "No such container:path: " + ref + ":" + path);
      throw e;
    }
    try (r) {
      return pathStat(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code GET /containers/{id}/archive?path=}: the stat header and the tar body. */
  public ContainerArchive getContainerArchive(String ref, String path) {
    Response r = call(Request.get(v(new Query().add("path", path).appendTo("/containers/" + Query.path(ref) + "/archive"))));
    try {
      return new ContainerArchive(pathStat(r), new ClosingInputStream(r));
    } catch (RuntimeException e) {
      try {
        r.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** {@code PUT /containers/{id}/archive?path=}: extracts {@code tar} into directory {@code path}. */
  public void putContainerArchive(String ref, String path, InputStream tar, boolean noOverwriteDirNonDir,
      boolean copyUidGid) {
    var q = new Query().add("path", path).flag("noOverwriteDirNonDir", noOverwriteDirNonDir).flag("copyUIDGID", copyUidGid);
    discard(call(Request.put(v(q.appendTo("/containers/" + Query.path(ref) + "/archive")), tar, TAR)));
  }

  private static ContainerPathStat pathStat(Response r) {
    String header = r.headers().first("X-Docker-Container-Path-Stat").orElse("");
    byte[] json;
    try {
      json = java.util.Base64.getDecoder().decode(header.strip());
    } catch (IllegalArgumentException e) {
      throw new UncheckedIOException("unable to decode container path stat header", new IOException(e));
    }
    if (json.length == 0) throw new UncheckedIOException("no container path stat in the daemon's answer", new IOException());
    return object(json, ContainerPathStat::fromJson);
  }

  /** Nothing to release today (every call has its own connection); kept for callers' try-with-resources. */
  @Override public void close() {}

  // ---- plumbing --------------------------------------------------------------------------------

  String v(String path) { return version.prefix() + path; }

  /** For the endpoint groups kept in their own classes ({@link NetworkClient}): a call's whole answer body. */
  byte[] body(Request request) { return bytes(call(request)); }

  /** As {@link #body}, the answer read and dropped. */
  void discardBody(Request request) { discard(call(request)); }

  private static Request streamed(String method, String target, InputStream body, String contentType) {
    return method.equals("PUT") ? Request.put(target, body, contentType) : Request.post(target, body, contentType);
  }

  private <T> T getObject(String path, Function<JsonFields, T> factory) {
    return object(bytes(call(Request.get(v(path)))), factory);
  }

  private <T> List<T> getList(String path, Function<JsonFields, T> factory) {
    return list(bytes(call(Request.get(v(path)))), factory);
  }

  /** Decodes a daemon answer; a malformed one is reported as a protocol error. */
  static <T> T object(byte[] data, Function<JsonFields, T> factory) {
    try {
      return factory.apply(JsonFields.of(JsonReader.parseObject(data)));
    } catch (JsonException e) {
      throw invalid(e);
    }
  }

  static <T> List<T> list(byte[] data, Function<JsonFields, T> factory) {
    try {
      return JsonFields.of(Map.of("", JsonReader.parseArray(data))).objects("", factory);
    } catch (JsonException e) {
      throw invalid(e);
    }
  }

  static Map<String, Object> document(byte[] data) {
    try {
      return JsonReader.parseObject(data);
    } catch (JsonException e) {
      throw invalid(e);
    }
  }

  private static UncheckedIOException invalid(JsonException e) {
    return new UncheckedIOException("invalid json from daemon: " + e.getMessage(), new IOException(e.getMessage(), e));
  }

  /** Sends and checks the status; the caller owns (and must close) the 2xx response. */
  private Response call(Request request) {
    Response r;
    try {
      r = http.send(request);
    } catch (IOException e) {
      throw unreachableOr(e);
    }
    if (r.status() >= 300 && r.status() != 304) {
      try (r) {
        throw new EngineException(r.status(), ErrorMessages.from(r.status(), r.bodyBytes()));
      } catch (IOException e) {
        throw new EngineException(r.status(), "status " + r.status());
      }
    }
    return r;
  }

  private RuntimeException unreachableOr(IOException e) {
    String msg = String.valueOf(e.getMessage());
    if (e instanceof java.net.ConnectException || e instanceof java.nio.file.NoSuchFileException
        || (e instanceof java.net.SocketException && (msg.contains("No such file") || msg.contains("refused")))) {
      return new DaemonUnreachableException(endpointText, e);
    }
    return new UncheckedIOException("error during connect: " + e.getMessage(), e);
  }

  private static byte[] bytes(Response r) {
    try (r) {
      return r.bodyBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void discard(Response r) {
    try (r) {
      r.body().transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void streamProgress(Response r, Consumer<ProgressMessage> progress) {
    try (r) {
      var errors = new ArrayList<String>();
      JsonReader.readValues(r.body(), value -> {
        ProgressMessage m = ProgressMessage.fromJson(JsonFields.of(value));
        if (m.error().isPresent()) errors.add(m.error().get());
        else progress.accept(m);
      });
      if (!errors.isEmpty()) throw new EngineException(500, String.join("\n", errors));
    } catch (JsonException e) {
      throw invalid(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
