package io.berth.oci.image;

import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Layer ChainIDs, as defined in the OCI image spec ({@code config.md}, "Layer ChainID"):
 * {@code ChainID(L0) = DiffID(L0)} and
 * {@code ChainID(L0|…|Ln) = sha256(ChainID(L0|…|Ln-1) + " " + DiffID(Ln))}. A ChainID names the
 * result of applying a stack of layers in order, so it is the key of an unpacked snapshot.
 */
public final class ChainIds {
  private ChainIds() {}

  /** The ChainID of every prefix of {@code diffIds}: element i is ChainID(L0|…|Li). */
  public static List<Digest> compute(List<Digest> diffIds) {
    List<Digest> out = new ArrayList<>(diffIds.size());
    Digest chain = null;
    for (Digest diffId : diffIds) {
      chain = chain == null ? diffId
          : Digest.sha256((chain + " " + diffId).getBytes(StandardCharsets.UTF_8));
      out.add(chain);
    }
    return List.copyOf(out);
  }

  /** The ChainID of the whole stack; InvalidArgument when {@code diffIds} is empty. */
  public static Digest of(List<Digest> diffIds) {
    if (diffIds.isEmpty()) throw BerthException.invalid("cannot compute the chain id of no layers");
    return compute(diffIds).getLast();
  }
}
