package io.berth.oci.image;

import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    Optional<Digest> chain = Optional.empty();
    for (Digest diffId : diffIds) {
      chain = Optional.of(next(chain, diffId));
      out.add(chain.get());
    }
    return List.copyOf(out);
  }

  /** One step: the ChainID of {@code diffId} applied on {@code parent} (none for a base layer). */
  public static Digest next(Optional<Digest> parent, Digest diffId) {
    return parent.map(p -> Digest.sha256((p + " " + diffId).getBytes(StandardCharsets.UTF_8))).orElse(diffId);
  }

  /** The ChainID of the whole stack; InvalidArgument when {@code diffIds} is empty. */
  public static Digest of(List<Digest> diffIds) {
    if (diffIds.isEmpty()) throw BerthException.invalid("cannot compute the chain id of no layers");
    return compute(diffIds).getLast();
  }
}
