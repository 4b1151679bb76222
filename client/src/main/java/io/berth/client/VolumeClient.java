package io.berth.client;

import io.berth.client.json.JsonFields;
import io.berth.client.json.JsonWriter;
import io.berth.http.client.Request;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code /volumes} endpoints of the Engine API (swagger "Volume" tag), reached through
 * {@link EngineClient#volumes()}; the subset compose needs. A non-2xx answer throws
 * {@link EngineException} with the daemon's message.
 */
public final class VolumeClient {
  private static final String JSON = "application/json";

  private final EngineClient engine;

  VolumeClient(EngineClient engine) { this.engine = engine; }

  /** A volume as {@code GET /volumes} and {@code GET /volumes/{name}} describe it (the fields berth uses). */
  public record Volume(String name, String driver, String mountpoint, Map<String, String> labels,
      Map<String, String> options) {
    public Volume {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
      options = options == null ? Map.of() : Map.copyOf(options);
    }

    static Volume fromJson(JsonFields f) {
      return new Volume(f.string("Name"), f.string("Driver"), f.string("Mountpoint"), f.stringMap("Labels"),
          f.stringMap("Options"));
    }
  }

  /** {@code GET /volumes[?filters=]} (name, driver, label, dangling). */
  public List<Volume> list(Map<String, List<String>> filters) {
    JsonFields doc = JsonFields.of(EngineClient.document(
        engine.body(Request.get(engine.v(new Query().filters(filters).appendTo("/volumes"))))));
    return doc.objects("Volumes", Volume::fromJson);
  }

  /** {@code GET /volumes/{name}}. */
  public Volume inspect(String name) {
    return EngineClient.object(engine.body(Request.get(engine.v(path(name)))), Volume::fromJson);
  }

  /** {@code POST /volumes/create}; an empty driver is the daemon's default ({@code local}). */
  public Volume create(String name, String driver, Map<String, String> driverOpts, Map<String, String> labels) {
    var body = new LinkedHashMap<String, Object>();
    body.put("Name", name);
    body.put("Driver", driver == null || driver.isEmpty() ? "local" : driver);
    body.put("DriverOpts", driverOpts);
    body.put("Labels", labels);
    return EngineClient.object(engine.body(Request.post(engine.v("/volumes/create"), JsonWriter.bytes(body), JSON)),
        Volume::fromJson);
  }

  /** {@code DELETE /volumes/{name}[?force=1]}. */
  public void remove(String name, boolean force) {
    engine.discardBody(Request.delete(engine.v(new Query().flag("force", force).appendTo(path(name)))));
  }

  private static String path(String name) { return "/volumes/" + Query.path(name); }
}
