package io.berth.client;

import io.berth.client.json.JsonWriter;
import io.berth.client.model.Volume;
import io.berth.client.model.VolumeCreateRequest;
import io.berth.client.model.VolumePruneReport;
import io.berth.http.client.Request;
import java.util.List;
import java.util.Map;

/**
 * The {@code /volumes} endpoints of the Engine API (swagger "Volume" tag), reached through
 * {@link EngineClient#volumes()}. Same contract as {@link EngineClient}: thread-safe, a non-2xx
 * answer throws {@link EngineException} with the daemon's message (404 {@code get x: no such volume},
 * 409 for a volume in use).
 */
public final class VolumeClient {
  private static final String JSON = "application/json";

  private final EngineClient engine;

  VolumeClient(EngineClient engine) { this.engine = engine; }

  /** {@code GET /volumes[?filters=]}: docker's filters (dangling, driver, label, name). */
  public List<Volume> list(Map<String, List<String>> filters) {
    return EngineClient.object(engine.body(Request.get(engine.v(new Query().filters(filters).appendTo("/volumes")))),
        f -> f.objects("Volumes", Volume::fromJson));
  }

  /** {@code GET /volumes/{name}}. */
  public Volume inspect(String name) {
    return EngineClient.object(engine.body(Request.get(engine.v(path(name)))), Volume::fromJson);
  }

  /** The inspect document as the daemon sent it, in its key order (for {@code volume inspect}). */
  public Map<String, Object> inspectDocument(String name) {
    return EngineClient.document(engine.body(Request.get(engine.v(path(name)))));
  }

  /** {@code POST /volumes/create}: the volume created (or the existing one of that name). */
  public Volume create(VolumeCreateRequest request) {
    byte[] body = JsonWriter.bytes(request.toJson());
    return EngineClient.object(engine.body(Request.post(engine.v("/volumes/create"), body, JSON)), Volume::fromJson);
  }

  /** {@code DELETE /volumes/{name}[?force=1]}: with force a missing volume is no error. */
  public void remove(String name, boolean force) {
    engine.discardBody(Request.delete(engine.v(new Query().flag("force", force).appendTo(path(name)))));
  }

  /**
   * {@code POST /volumes/prune[?filters=]} (label, label!, all): only anonymous volumes unless the
   * filters hold {@code all=true} (API 1.42+).
   */
  public VolumePruneReport prune(Map<String, List<String>> filters) {
    return EngineClient.object(engine.body(Request.post(engine.v(new Query().filters(filters).appendTo("/volumes/prune")))),
        VolumePruneReport::fromJson);
  }

  private static String path(String name) { return "/volumes/" + Query.path(name); }
}
