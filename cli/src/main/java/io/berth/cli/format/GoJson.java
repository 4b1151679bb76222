package io.berth.cli.format;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.ApiJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON written like Go's {@code json.MarshalIndent(v, "", "    ")}, which is what {@code docker inspect} prints. */
public final class GoJson {
  private static final DefaultPrettyPrinter PRINTER;

  static {
    var indenter = new DefaultIndenter("    ", "\n");
    var separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    PRINTER = new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
  }

  private GoJson() {}

  public static String indent(JsonNode node) {
    try {
      return ApiJson.mapper().writer(PRINTER).writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
