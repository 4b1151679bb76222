package io.berth.engine.build;

import io.berth.oci.Digest;

/** Where a build reports: Docker's JSON message stream ({@code stream} text and the {@code aux} image ID). */
public interface BuildOutput {
  /** Text for the user's terminal, as the classic builder prints it (lines end with {@code \n}). */
  void stream(String text);

  /** The built image's ID ({@code {"aux":{"ID":"sha256:..."}}}). */
  void aux(Digest imageId);

  /** One JSON message as it is (a FROM image's pull progress, which the classic builder passes on). */
  default void json(byte[] message) {}
}
