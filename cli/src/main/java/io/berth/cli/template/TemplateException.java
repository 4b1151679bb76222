package io.berth.cli.template;

/**
 * A template that does not parse, or fails while executing; the message is Go's
 * ({@code template: :1: unclosed action},
 * {@code template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"}).
 * {@link #partialOutput} is what had been written before the failure (docker keeps it for table
 * headers).
 */
public final class TemplateException extends RuntimeException {
  private final boolean parse;
  private final String partialOutput;

  TemplateException(String message, boolean parse, String partialOutput) {
    super(message, null, false, false);
    this.parse = parse;
    this.partialOutput = partialOutput;
  }

  /** True for a parse error, false for an execution error. */
  public boolean isParseError() { return parse; }

  public String partialOutput() { return partialOutput; }
}
