package io.berth.engine.api;

import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerService;
import io.berth.engine.gc.DiskUsage;
import io.berth.engine.gc.ImagePruner;
import io.berth.engine.gc.StoreCheck;
import io.berth.engine.network.PortMapping;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Store hygiene over the Engine API: {@code GET /system/df}, {@code POST /images/prune}, and Berth's
 * extension {@code POST /berth/check[?repair=1]} (docs/api-extensions.md). Also the prune endpoints
 * {@code docker system prune} calls for kinds Berth does not have yet ({@code /networks/prune}: the
 * predefined networks are never pruned; {@code /build/prune}): they answer
 * as dockerd does when there is nothing to prune, so the docker CLI's system prune completes.
 */
public final class StoreRoutes {
  private static final Set<String> DF_TYPES = Set.of("container", "image", "volume", "build-cache");

  private final ContainerService containers;
  private final Function<String, List<PortMapping>> ports;
  private final DiskUsage usage;
  private final ImagePruner pruner;
  private final StoreCheck check;
  private final java.util.function.Supplier<List<Map<String, Object>>> buildCache;
  private io.berth.engine.volume.VolumeService volumes;

  /** @param buildCache the build cache entries as {@code BuildCache} of the df response lists them */
  public StoreRoutes(ContainerService containers, Function<String, List<PortMapping>> ports, DiskUsage usage,
      ImagePruner pruner, StoreCheck check, java.util.function.Supplier<List<Map<String, Object>>> buildCache) {
    this.buildCache = buildCache;
    this.containers = containers;
    this.ports = ports;
    this.usage = usage;
    this.pruner = pruner;
    this.check = check;
  }

  /** The volumes {@code system df} lists. */
  public StoreRoutes volumes(io.berth.engine.volume.VolumeService v) {
    this.volumes = v;
    return this;
  }

  public void register(Router r) {
    r.add("GET", "/system/df", this::df);
    r.add("POST", "/images/prune", this::pruneImages);
    r.add("POST", "/berth/check", this::check);
    r.add("POST", "/networks/prune", req -> {
      req.filters().only("label", "label!", "until");
      Responses.json(req, 200, Docs.obj("NetworksDeleted", null));
    });
  }

  /** Docker's {@code DiskUsage}; {@code type} (API 1.42+) limits it to some kinds, as dockerd. */
  private void df(ApiRequest req) throws IOException {
    List<String> types = req.exchange().query().all("type");
    for (String t : types) {
      if (!DF_TYPES.contains(t)) throw BerthException.invalid("unknown object type: %s", t);
    }
    boolean all = types.isEmpty() || !req.version().atLeast(1, 42);
    Map<String, Object> out = Docs.obj();
    if (all || types.contains("image")) {
      DiskUsage.Images im = usage.images();
      out.put("LayersSize", im.layersSize());
      List<Map<String, Object>> list = new ArrayList<>();
      for (DiskUsage.ImageUsage u : im.images()) list.add(image(req, u));
      out.put("Images", list);
    }
    if (all || types.contains("container")) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (Container c : containers.list()) {
        Map<String, Object> s = ContainerJson.summary(c, ports.apply(c.id()));
        ContainerJson.putSizes(s, containers.sizes().of(c));
        list.add(s);
      }
      out.put("Containers", list);
    }
    if (all || types.contains("volume")) {
      List<Map<String, Object>> list = new ArrayList<>();
      if (volumes != null) for (var u : volumes.usage()) list.add(VolumeRoutes.usage(u));
      out.put("Volumes", list);
    }
    if (all || types.contains("build-cache")) out.put("BuildCache", buildCache.get());
    if (all) out.put("BuilderSize", 0);
    Responses.json(req, 200, out);
  }

  private static Map<String, Object> image(ApiRequest req, DiskUsage.ImageUsage u) {
    Map<String, Object> m = Docs.obj(
        "Id", u.image().id().toString(),
        "ParentId", "",
        "RepoTags", u.image().repoTags(),
        "RepoDigests", List.of(),
        "Created", u.image().created().getEpochSecond(),
        "Size", u.size(),
        "SharedSize", u.shared());
    if (!req.version().atLeast(1, 44)) m.put("VirtualSize", u.size());
    m.put("Labels", u.image().config().config().labels());
    m.put("Containers", u.containers());
    return m;
  }

  /** Docker's image prune filters: {@code dangling} (default true), {@code until}, {@code label}, {@code label!}. */
  private void pruneImages(ApiRequest req) throws IOException {
    ApiRequest.Filters f = req.filters().only("dangling", "label", "label!", "until");
    boolean danglingOnly = true;
    for (String v : f.get("dangling")) {
      danglingOnly = switch (v.toLowerCase(java.util.Locale.ROOT)) {
        case "true", "1" -> true;
        case "false", "0" -> false;
        default -> throw BerthException.invalid("invalid filter 'dangling=%s'", v);
      };
    }
    Optional<Instant> until = Optional.empty();
    if (f.get("until").size() > 1) throw BerthException.invalid("more than one until filter specified");
    for (String v : f.get("until")) until = Optional.of(Timestamps.parse(v, Instant.now()));
    List<String> labels = f.get("label");
    List<String> notLabels = f.get("label!");
    ImagePruner.Report report = pruner.prune(danglingOnly, until, l -> ContainerFilters.matchLabels(labels, l)
        && (notLabels.isEmpty() || !ContainerFilters.matchLabels(notLabels, l)));
    List<Map<String, Object>> deleted = new ArrayList<>();
    for (var i : report.deleted()) {
      i.untagged().ifPresent(t -> deleted.add(Docs.obj("Untagged", t)));
      i.deleted().ifPresent(d -> deleted.add(Docs.obj("Deleted", d)));
    }
    Responses.json(req, 200, Docs.obj("ImagesDeleted", deleted.isEmpty() ? null : deleted,
        "SpaceReclaimed", report.reclaimed()));
  }

  /** Berth's {@code system check}: the report; {@code repair=1} repairs first. Always 200. */
  private void check(ApiRequest req) throws IOException {
    StoreCheck.Report r = check.run(req.bool("repair", false));
    List<Map<String, Object>> problems = new ArrayList<>();
    for (StoreCheck.Problem p : r.problems()) {
      problems.add(Docs.obj("Kind", p.kind(), "Object", p.object(), "Message", p.message(),
          "Repairable", p.repairable(), "Repaired", p.repaired()));
    }
    Map<String, Object> checked = Docs.obj();
    for (String k : List.of("Blobs", "Layers", "Snapshots", "Images", "Containers")) {
      checked.put(k, r.checked().getOrDefault(k, 0));
    }
    Responses.json(req, 200, Docs.obj("Problems", problems, "Checked", checked, "Remaining", r.remaining()));
  }
}
