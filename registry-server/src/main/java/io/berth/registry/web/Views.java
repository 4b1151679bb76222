package io.berth.registry.web;

import io.berth.oci.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the pages show, read from the registry by {@link ImageReader} and rendered by {@link Pages}. */
public final class Views {
  private Views() {}

  /**
   * A tag in a repository's list. {@code size} is the image's config plus compressed layers (empty
   * for an index, whose {@code platforms} say what it holds; one entry for an image).
   */
  public record TagRow(String tag, Digest digest, Kind kind, Optional<Long> size, List<String> platforms, Instant pushed) {
    public TagRow {
      platforms = List.copyOf(platforms);
    }
  }

  /** What a manifest is, for display. */
  public enum Kind {
    IMAGE("image"), INDEX("index"), ARTIFACT("artifact"), UNREADABLE("unreadable");

    private final String label;

    Kind(String label) { this.label = label; }

    public String label() { return label; }
  }

  /** A layer of an image manifest. */
  public record LayerRow(Digest digest, String mediaType, long size) {}

  /** One row of the image config's {@code history}; {@code layerSize} is empty for empty layers. */
  public record HistoryRow(Optional<String> created, String createdBy, Optional<String> comment, boolean emptyLayer,
      Optional<Long> layerSize) {}

  /** A child of an index; {@code present}: the registry holds it (so it links to its page). */
  public record PlatformRow(String platform, Digest digest, String mediaType, long size, boolean present) {}

  /** What {@code /r/<repo>/t/<tag>} shows: an image or an index. */
  public sealed interface ManifestView permits ImageView, IndexView {
    String repo();

    /** The tag, or the digest for {@code /r/<repo>/d/<digest>}. */
    String reference();

    Digest digest();

    String mediaType();

    Optional<Instant> pushed();
  }

  /**
   * An image manifest and its config. {@code config} is empty when the config blob could not be
   * read as an image config (an artifact, or too large); then the config fields are empty.
   */
  public record ImageView(String repo, String reference, Digest digest, String mediaType, Optional<Instant> pushed,
      Digest configDigest, long configSize, List<LayerRow> layers, Optional<ImageConfig> config) implements ManifestView {
    public ImageView {
      layers = List.copyOf(layers);
    }

    /** Config plus compressed layers: what a pull downloads. */
    public long size() {
      return configSize + layers.stream().mapToLong(LayerRow::size).sum();
    }
  }

  /** The parts of an image config the page shows. */
  public record ImageConfig(String platform, Optional<String> created, List<String> env, List<String> entrypoint,
      List<String> cmd, Optional<String> workingDir, Optional<String> user, List<String> exposedPorts,
      Map<String, String> labels, List<HistoryRow> history) {
    public ImageConfig {
      env = List.copyOf(env);
      entrypoint = List.copyOf(entrypoint);
      cmd = List.copyOf(cmd);
      exposedPorts = List.copyOf(exposedPorts);
      labels = Map.copyOf(labels);
      history = List.copyOf(history);
    }
  }

  /** An image index / manifest list. */
  public record IndexView(String repo, String reference, Digest digest, String mediaType, Optional<Instant> pushed,
      List<PlatformRow> platforms) implements ManifestView {
    public IndexView {
      platforms = List.copyOf(platforms);
    }
  }
}
