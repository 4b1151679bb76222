package io.berth.cli.template;

import io.berth.cli.template.Node.ListNode;

/**
 * A parsed Go template. Parse errors and execution errors are {@link TemplateException}s with
 * Go's messages. Immutable and thread-safe; each execution has its own state.
 */
public final class Template {
  private final String text;
  private final ListNode root;

  private Template(String text, ListNode root) {
    this.text = text;
    this.root = root;
  }

  /** Parses {@code text} as Go's {@code template.New("").Funcs(docker's).Parse(text)}. */
  public static Template parse(String text) {
    return new Template(text, Parser.parse(text, Funcs.DEFAULT.keySet()));
  }

  /**
   * Executes over a tree without type information (objects keep their order, missing keys print
   * {@code <no value>}) or over a {@link RowContext}.
   */
  public String execute(Object data) {
    return run(new GoValues(GoValues.Mode.LOOSE, null), data, Funcs.DEFAULT);
  }

  /**
   * docker inspect's way: execute over the typed value ({@code schema}); if that fails, over the
   * raw JSON with {@code missingkey=error}, whose error is the one reported.
   */
  public String execute(Object data, Schema schema) {
    try {
      return run(new GoValues(GoValues.Mode.TYPED, schema), data, Funcs.DEFAULT);
    } catch (TemplateException typedFailure) {
      return run(new GoValues(GoValues.Mode.RAW, null), data, Funcs.DEFAULT);
    }
  }

  /** A table header: docker's header functions over the header context; an error keeps what was written. */
  public String executeHeader(RowContext header) {
    try {
      return run(new GoValues(GoValues.Mode.LOOSE, null), header, Funcs.HEADER);
    } catch (TemplateException e) {
      return e.partialOutput();
    }
  }

  private String run(GoValues values, Object data, java.util.Map<String, Funcs.Func> funcs) {
    // paths track what came out of the document (typed lookups, and Go's interface {} in raw mode)
    Val dot = new Val(data, values.mode() == GoValues.Mode.LOOSE ? null : "");
    return new Exec(text, values, funcs).run(root, dot);
  }
}
