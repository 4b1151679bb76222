package io.berth.engine.build;

import io.berth.oci.Digest;

/** Where a build reports: Docker's JSON message stream ({@code stream} text and the {@code aux} image ID). */
public interface BuildOutput {
  /** Text for the user's terminal, as the classic builder prints it (lines end with {@code \n}). */
  void stream(String text);

  /** The built image's ID ({@code {"aux":{"ID":"sha256:..."}}}). */
  void aux(Digest imageId);
}
