package io.berth.compose.converge;

import io.berth.compose.ComposeException;

import io.berth.compose.model.Project;
import io.berth.compose.model.Service;
import java.util.Optional;

/** A service's image made present as its pull policy asks (built when it has a {@code build} to use). */
final class Images {
  private final Engine engine;
  private final Progress progress;

  Images(Engine engine, Progress progress) {
    this.engine = engine;
    this.progress = progress;
  }

  /** The image ID the service will run. */
  String ensure(Project p, Service s, boolean forceBuild, boolean noBuild, String policyOverride) {
    String ref = ContainerSpec.image(p, s);
    String policy = policyOverride.isEmpty() ? s.pullPolicy() : policyOverride;
    Optional<String> id = engine.imageId(ref);
    boolean canBuild = s.build().isPresent() && !noBuild;
    if (canBuild && (forceBuild || policy.equals("build") || id.isEmpty() && (s.image().isEmpty() || !policy.equals("always")))) {
      build(s, ref);
      return engine.imageId(ref).orElseThrow(() -> new ComposeException("image " + ref + " was not built"));
    }
    if (policy.equals("always") || id.isEmpty() && !policy.equals("never")) {
      if (s.image().isEmpty()) {
        throw new ComposeException("service \"" + s.name() + "\" has neither an image nor a build context specified: invalid compose project");
      }
      pull(s, ref);
      id = engine.imageId(ref);
    }
    return id.orElseThrow(() -> new ComposeException("No such image: " + ref));
  }

  void pull(Service s, String ref) {
    progress.event("", s.name(), "Pulling");
    engine.pull(ref, progress::detail);
    progress.event("", s.name(), "Pulled");
  }

  void build(Service s, String ref) {
    progress.event("", s.name(), "Building");
    engine.build(s.build().orElseThrow(), ref, progress::detail);
    progress.event("", s.name(), "Built");
  }
}
