package io.berth.cli.format;

import io.berth.client.json.JsonWriter;

/** JSON written like Go's {@code json.MarshalIndent(v, "", "    ")}, which is what {@code docker inspect} prints. */
public final class GoJson {
  private GoJson() {}

  /** {@code tree} (see {@link io.berth.client.json}) indented with four spaces. */
  public static String indent(Object tree) {
    return JsonWriter.indent(tree);
  }
}
