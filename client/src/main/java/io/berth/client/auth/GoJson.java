package io.berth.client.auth;

/**
 * JSON text as Go's {@code encoding/json} writes it, for files and headers the docker CLI also
 * reads and writes: HTML characters escaped ({@code <>&} as {@code \u003c}...), and
 * {@code MarshalIndent(v, "", "\t")} layout for {@code config.json}, so that a file saved by berth
 * is the file docker would have saved.
 */
final class GoJson {
  private GoJson() {}

  static String compact(Object value) {
    return io.berth.client.json.JsonWriter.write(value, null, true);
  }

  static String indentTabs(Object value) {
    return io.berth.client.json.JsonWriter.write(value, "\t", true);
  }
}
