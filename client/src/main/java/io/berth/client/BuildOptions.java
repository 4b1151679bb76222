package io.berth.client;

import io.berth.client.json.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The query of {@code POST /build}, as the docker CLI's legacy builder sends it
 * ({@code imageBuildOptionsToQuery}): only what differs from the daemon's defaults is sent
 * ({@code rm=0} to keep intermediate containers, {@code networkmode} unless "default"), JSON maps
 * with sorted keys, a {@code --build-arg K} whose variable is unset as {@code "K":null}, and
 * {@code version=1} (the classic builder). Build with {@link #builder()}; immutable.
 */
public record BuildOptions(List<String> tags, Optional<String> dockerfile, Map<String, Optional<String>> buildArgs,
                           Map<String, String> labels, Optional<String> target, boolean noCache, boolean quiet,
                           boolean rm, boolean forceRm, Optional<String> networkMode, OptionalLong shmSize,
                           List<String> extraHosts, Optional<String> platform, boolean pull, List<String> cacheFrom) {
  public BuildOptions {
    tags = List.copyOf(tags);
    buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
    labels = Map.copyOf(labels);
    extraHosts = List.copyOf(extraHosts);
    cacheFrom = List.copyOf(cacheFrom);
  }

  public static Builder builder() { return new Builder(); }

  /** The request's query string (without {@code ?}), keys sorted as Go's {@code url.Values} sorts them. */
  public Query toQuery() {
    var q = new Query();
    tags.forEach(t -> q.add("t", t));
    extraHosts.forEach(h -> q.add("extrahosts", h));
    q.flag("q", quiet).flag("nocache", noCache);
    if (!rm) q.add("rm", "0");
    q.flag("forcerm", forceRm).flag("pull", pull);
    networkMode.filter(n -> !n.isEmpty() && !n.equals("default")).ifPresent(n -> q.add("networkmode", n));
    shmSize.ifPresent(s -> { if (s != 0) q.add("shmsize", Long.toString(s)); });
    dockerfile.filter(d -> !d.isEmpty()).ifPresent(d -> q.add("dockerfile", d));
    target.filter(t -> !t.isEmpty()).ifPresent(t -> q.add("target", t));
    if (!buildArgs.isEmpty()) {
      var args = new TreeMap<String, String>();
      buildArgs.forEach((k, v) -> args.put(k, v.orElse(null)));
      q.add("buildargs", JsonWriter.write(args));
    }
    if (!labels.isEmpty()) q.add("labels", JsonWriter.write(new TreeMap<>(labels)));
    if (!cacheFrom.isEmpty()) q.add("cachefrom", JsonWriter.write(cacheFrom));
    platform.filter(p -> !p.isEmpty()).ifPresent(p -> q.add("platform", p.toLowerCase(Locale.ROOT)));
    q.add("version", "1");
    return q;
  }

  /** Collects options; {@code rm} starts true, as the daemon's and the CLI's default. */
  public static final class Builder {
    private final List<String> tags = new ArrayList<>();
    private Optional<String> dockerfile = Optional.empty();
    private final Map<String, Optional<String>> buildArgs = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Optional<String> target = Optional.empty();
    private boolean noCache;
    private boolean quiet;
    private boolean rm = true;
    private boolean forceRm;
    private Optional<String> networkMode = Optional.empty();
    private OptionalLong shmSize = OptionalLong.empty();
    private final List<String> extraHosts = new ArrayList<>();
    private Optional<String> platform = Optional.empty();
    private boolean pull;
    private final List<String> cacheFrom = new ArrayList<>();

    public Builder tag(String t) { tags.add(t); return this; }
    public Builder dockerfile(String d) { dockerfile = Optional.of(d); return this; }
    /** A build argument; an empty value means "declared without a value" (sent as JSON null). */
    public Builder buildArg(String k, Optional<String> v) { buildArgs.put(k, v); return this; }
    public Builder label(String k, String v) { labels.put(k, v); return this; }
    public Builder target(String t) { target = Optional.of(t); return this; }
    public Builder noCache(boolean b) { noCache = b; return this; }
    public Builder quiet(boolean b) { quiet = b; return this; }
    public Builder rm(boolean b) { rm = b; return this; }
    public Builder forceRm(boolean b) { forceRm = b; return this; }
    public Builder networkMode(String n) { networkMode = Optional.of(n); return this; }
    public Builder shmSize(long s) { shmSize = OptionalLong.of(s); return this; }
    public Builder extraHost(String h) { extraHosts.add(h); return this; }
    public Builder platform(String p) { platform = Optional.of(p); return this; }
    public Builder pull(boolean b) { pull = b; return this; }
    public Builder cacheFrom(String image) { cacheFrom.add(image); return this; }

    public BuildOptions build() {
      return new BuildOptions(tags, dockerfile, buildArgs, labels, target, noCache, quiet, rm, forceRm, networkMode,
          shmSize, extraHosts, platform, pull, cacheFrom);
    }
  }
}
