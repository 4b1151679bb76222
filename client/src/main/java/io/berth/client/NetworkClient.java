package io.berth.client;

import io.berth.client.json.JsonWriter;
import io.berth.client.model.EndpointSettings;
import io.berth.client.model.NetworkCreateRequest;
import io.berth.client.model.NetworkResource;
import io.berth.http.client.Request;
import java.util.List;
import java.util.Map;

/**
 * The {@code /networks} endpoints of the Engine API (swagger "Network" tag), reached through
 * {@link EngineClient#networks()}. Same contract as {@link EngineClient}: thread-safe, a non-2xx
 * answer throws {@link EngineException} with the daemon's message (404 {@code network x not found},
 * 409 for a name in use or a network with endpoints, 403 for the predefined networks).
 */
public final class NetworkClient {
  private static final String JSON = "application/json";

  private final EngineClient engine;

  NetworkClient(EngineClient engine) { this.engine = engine; }

  /** {@code GET /networks[?filters=]}: docker's filters (dangling, driver, id, label, name, scope, type). */
  public List<NetworkResource> list(Map<String, List<String>> filters) {
    return EngineClient.list(engine.body(Request.get(engine.v(new Query().filters(filters).appendTo("/networks")))),
        NetworkResource::fromJson);
  }

  /** {@code GET /networks/{id}}: by full ID, name or unique ID prefix. */
  public NetworkResource inspect(String ref) {
    return EngineClient.object(engine.body(Request.get(engine.v(path(ref)))), NetworkResource::fromJson);
  }

  /**
   * The inspect document as the daemon sent it, in its key order ({@code verbose=true} as
   * {@code network inspect -v} asks; berthd has nothing more to tell).
   */
  public Map<String, Object> inspectDocument(String ref, boolean verbose) {
    String target = verbose ? new Query().add("verbose", "true").appendTo(path(ref)) : path(ref);
    return EngineClient.document(engine.body(Request.get(engine.v(target))));
  }

  /** {@code POST /networks/create}: the new network's ID, and the daemon's warning (empty for none). */
  public Created create(NetworkCreateRequest request) {
    Map<String, Object> json = request.toJson();
    if (!engine.apiVersion().atLeast(new ApiVersion(1, 44))) {
      // before API 1.44 a daemon allows a second network of the same name unless asked not to
      // (the docker client library sets this for old daemons too)
      json = new java.util.LinkedHashMap<>(json);
      json.put("CheckDuplicate", true);
    }
    byte[] body = JsonWriter.bytes(json);
    return EngineClient.object(engine.body(Request.post(engine.v("/networks/create"), body, JSON)),
        f -> new Created(f.string("Id"), f.string("Warning")));
  }

  /** The answer of a create. */
  public record Created(String id, String warning) {}

  /** {@code DELETE /networks/{id}}. */
  public void remove(String ref) {
    engine.discardBody(Request.delete(engine.v(path(ref))));
  }

  /** {@code POST /networks/{id}/connect} with {@code {"Container", "EndpointConfig"}}. */
  public void connect(String network, String container, EndpointSettings endpoint) {
    var body = new java.util.LinkedHashMap<String, Object>();
    body.put("Container", container);
    body.put("EndpointConfig", endpoint.toJson());
    engine.discardBody(Request.post(engine.v(path(network) + "/connect"), JsonWriter.bytes(body), JSON));
  }

  /** {@code POST /networks/{id}/disconnect} with {@code {"Container", "Force"}}. */
  public void disconnect(String network, String container, boolean force) {
    var body = new java.util.LinkedHashMap<String, Object>();
    body.put("Container", container);
    body.put("Force", force);
    engine.discardBody(Request.post(engine.v(path(network) + "/disconnect"), JsonWriter.bytes(body), JSON));
  }

  /** {@code POST /networks/prune[?filters=]} (label, label!, until): the removed networks' names. */
  public List<String> prune(Map<String, List<String>> filters) {
    return engine.pruneNetworks(filters);
  }

  private static String path(String ref) { return "/networks/" + Query.path(ref); }
}
