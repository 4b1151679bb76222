package io.berth.client.model;

import io.berth.client.json.JsonFields;
import java.util.Map;
import java.util.Optional;

/**
 * One message of Docker's JSON progress stream ({@code jsonmessage.JSONMessage}), as pull, push,
 * load and import answer: a {@code status} line (per layer when {@code id} is set), with a
 * {@code progressDetail} the client renders as a bar, the daemon's pre-rendered {@code progress}
 * text, {@code stream} text, an out-of-band {@code aux} value, or the {@code errorDetail} that ends
 * the operation although the HTTP status was 200.
 *
 * <p>Field presence follows Go's decoding into pointers, because the docker CLI's display depends
 * on it: {@code progressDetail: {}} is a present but empty detail (the line is still "a progress
 * line" for the per-id bookkeeping), while an absent or null one is none. Only {@code errorDetail}
 * makes a message an error, as the docker CLI reads it; the deprecated {@code error} string alone is
 * kept in {@link #errorMessage()} and not treated as one.
 */
public record JsonMessage(String stream, String status, String id, String progress, Optional<Progress> progressDetail,
                          String from, long time, long timeNano, Optional<ErrorDetail> error, String errorMessage,
                          Optional<Object> aux) {
  public JsonMessage {
    stream = Zero.str(stream);
    status = Zero.str(status);
    id = Zero.str(id);
    progress = Zero.str(progress);
    from = Zero.str(from);
    errorMessage = Zero.str(errorMessage);
  }

  /** {@code progressDetail}: {@code current} of {@code total} (in {@code units}, bytes when empty). */
  public record Progress(long current, long total, long start, boolean hideCounts, String units) {
    public Progress {
      units = Zero.str(units);
    }
  }

  /** {@code errorDetail}: the daemon's message and (often 0) code. */
  public record ErrorDetail(int code, String message) {
    public ErrorDetail {
      message = Zero.str(message);
    }
  }

  /** A plain status line, e.g. {@code {"status":"Digest: sha256:..."}}. */
  public static JsonMessage status(String id, String status) {
    return new JsonMessage("", status, id, "", Optional.empty(), "", 0, 0, Optional.empty(), "", Optional.empty());
  }

  public static JsonMessage fromJson(JsonFields f) {
    Optional<Progress> progress = Optional.empty();
    if (f.has("progressDetail")) {
      JsonFields p = f.object("progressDetail");
      progress = Optional.of(new Progress(p.longValue("current"), p.longValue("total"), p.longValue("start"),
          p.bool("hidecounts"), p.string("units")));
    }
    Optional<ErrorDetail> error = Optional.empty();
    if (f.has("errorDetail")) {
      JsonFields e = f.object("errorDetail");
      error = Optional.of(new ErrorDetail(e.integer("code"), e.string("message")));
    }
    return new JsonMessage(f.string("stream"), f.string("status"), f.string("id"), f.string("progress"), progress,
        f.string("from"), f.longValue("time"), f.longValue("timeNano"), error, f.string("error"),
        Optional.ofNullable(f.raw("aux")));
  }

  /** Parses one value of the stream. */
  public static JsonMessage parse(Object json) {
    return fromJson(JsonFields.of(json));
  }

  /** The aux value as an object (empty map when it is absent or not an object). */
  @SuppressWarnings("unchecked")
  public Map<String, Object> auxObject() {
    return aux.filter(a -> a instanceof Map).map(a -> (Map<String, Object>) a).orElse(Map.of());
  }
}
