package io.berth.engine.container;

import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.Platform;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Images of other platforms ({@code pull --platform linux/arm64}) are stored but cannot run here:
 * berth has no emulation (no binfmt_misc/qemu set-up), so such a container would only die with
 * runc's "exec format error". Docker's checks are kept where they apply and a clear refusal replaces
 * the runtime's cryptic one:
 * <ul>
 *   <li>create with {@code platform} that the image does not match: dockerd's NotFound
 *       ("image with reference … was found but does not match the specified platform: wanted …,
 *       actual: …"; the docker CLI then tries a pull for that platform);</li>
 *   <li>create without {@code platform} of a foreign image: dockerd's warning ("The requested image's
 *       platform (…) does not match the detected host platform (…) and no specific platform was
 *       requested");</li>
 *   <li>start of a container whose image is foreign: refused (400) before the runtime is asked.</li>
 * </ul>
 * An image whose config names no os/architecture (some old tools) is taken as this host's.
 */
public final class PlatformCheck {
  private PlatformCheck() {}

  /** The platform this daemon runs containers for (the JVM's, normalised as {@code --platform} does). */
  public static Platform host() {
    String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
    return Platform.parse("linux/" + arch);
  }

  /** Whether an image of {@code image} runs on {@code host}: same os and architecture (any variant). */
  public static boolean runnable(Platform image, Platform host) {
    if (image.os().isEmpty() || image.architecture().isEmpty()) return true;
    return image.os().equals(host.os()) && normalise(image).architecture().equals(host.architecture());
  }

  /** Whether {@code image} satisfies a requested {@code wanted} platform (variant only when asked). */
  public static boolean matches(Platform image, Platform wanted) {
    if (image.os().isEmpty() || image.architecture().isEmpty()) return wanted.equals(host());
    Platform p = normalise(image);
    return p.os().equals(wanted.os()) && p.architecture().equals(wanted.architecture())
        && (wanted.variant().isEmpty() || wanted.variant().equals(p.variant()));
  }

  /**
   * The create-time check: throws dockerd's NotFound when {@code requested} does not match the
   * image; returns dockerd's warning (empty list otherwise) when nothing was requested and the image
   * is foreign.
   */
  public static List<String> atCreate(String reference, Platform image, Optional<Platform> requested, Platform host) {
    if (requested.isPresent()) {
      if (!matches(image, requested.get())) {
        throw BerthException.notFound("image with reference %s was found but does not match the specified platform: "
            + "wanted %s, actual: %s", reference, requested.get().format(), image.format());
      }
      return List.of();
    }
    if (runnable(image, host)) return List.of();
    return List.of("The requested image's platform (%s) does not match the detected host platform (%s) and no specific "
        .formatted(image.format(), host.format()) + "platform was requested");
  }

  /** The start-time refusal of a container whose image ({@code imageId}) is of {@code image}'s platform. */
  public static void checkStart(Digest imageId, Platform image, Platform host) {
    if (runnable(image, host)) return;
    throw BerthException.invalid("image %s is for platform %s, which cannot run on this host (%s): berth does not "
        + "emulate other platforms; pull the image for %s", imageId.shortHex(), image.format(), host.format(),
        host.format());
  }

  /** {@code aarch64}/{@code x86_64} in a config (rare, but seen) read as {@code arm64}/{@code amd64}. */
  private static Platform normalise(Platform p) {
    return Platform.parse(p.os() + "/" + p.architecture() + p.variant().map(v -> "/" + v).orElse(""));
  }
}
