package io.berth.engine.container;

import io.berth.oci.errors.BerthException;

/**
 * An exec's detach keys as the client configured them: the text it sent (inspect shows it back) and
 * the parsed sequence ({@link io.berth.oci.DetachKeys}, shared with attach and the CLI), the default
 * {@code ctrl-p,ctrl-q} when it sent none.
 *
 * @param spec the text as the client sent it ({@code ""}: the default)
 */
public record DetachKeys(String spec, io.berth.oci.DetachKeys keys) {

  /** Parses Docker's syntax; an empty spec is the default sequence. */
  public static DetachKeys parse(String spec) {
    if (spec == null || spec.isEmpty()) return new DetachKeys("", io.berth.oci.DetachKeys.DEFAULT);
    try {
      return new DetachKeys(spec, io.berth.oci.DetachKeys.parse(spec));
    } catch (IllegalArgumentException e) {
      // moby answers this with a plain error (HTTP 500), and the text names the whole spec.
      throw BerthException.internal("Invalid escape keys (" + spec + ") provided", null);
    }
  }

  public byte[] bytes() { return keys.bytes(); }

  /** The bytes a client sent as {@code DetachKeys}; empty when it sent none (Docker shows ""). */
  public byte[] configured() { return spec.isEmpty() ? new byte[0] : bytes(); }

  /** A detector for one stdin stream. */
  public io.berth.oci.DetachKeys.Scanner scanner() { return keys.scanner(); }
}
