package io.berth.oci.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.berth.oci.errors.BerthException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The platform of an image index entry ({@code image-index.md}): {@code os}, {@code architecture},
 * {@code variant}, {@code os.version}, {@code os.features}. The textual form
 * {@code os/arch[/variant]} is what {@code --platform} takes.
 */
@JsonPropertyOrder({"architecture", "os", "os.version", "os.features", "variant", "features"})
public record Platform(
    @JsonProperty("architecture") String architecture,
    @JsonProperty("os") String os,
    @JsonProperty("os.version") Optional<String> osVersion,
    @JsonProperty("os.features") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> osFeatures,
    @JsonProperty("variant") Optional<String> variant,
    @JsonProperty("features") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> features) {

  public Platform {
    if (architecture == null) architecture = "";
    if (os == null) os = "";
    osVersion = osVersion == null ? Optional.empty() : osVersion;
    osFeatures = Copies.list(osFeatures);
    variant = variant == null ? Optional.empty() : variant.filter(v -> !v.isEmpty());
    features = Copies.list(features);
  }

  public static Platform of(String os, String architecture) {
    return new Platform(architecture, os, Optional.empty(), List.of(), Optional.empty(), List.of());
  }

  public static Platform of(String os, String architecture, Optional<String> variant) {
    return new Platform(architecture, os, Optional.empty(), List.of(), variant, List.of());
  }

  /**
   * Parses {@code os[/arch[/variant]]} as {@code --platform} does; the architecture defaults to
   * {@code amd64} and common aliases ({@code x86_64}, {@code aarch64}) are normalised.
   */
  public static Platform parse(String s) {
    String[] parts = s.toLowerCase(Locale.ROOT).split("/", -1);
    if (parts.length > 3 || parts[0].isEmpty() || (parts.length > 1 && parts[1].isEmpty())) {
      throw BerthException.invalid("invalid platform: %s", s);
    }
    String arch = parts.length > 1 ? normaliseArch(parts[1]) : "amd64";
    Optional<String> variant = parts.length > 2 ? Optional.of(parts[2]) : Optional.empty();
    return of(parts[0], arch, variant);
  }

  /** {@code os/arch[/variant]}. */
  public String format() {
    return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
  }

  private static String normaliseArch(String arch) {
    return switch (arch) {
      case "x86_64", "x86-64" -> "amd64";
      case "aarch64" -> "arm64";
      case "i386", "i686" -> "386";
      default -> arch;
    };
  }
}
