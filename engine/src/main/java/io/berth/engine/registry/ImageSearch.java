package io.berth.engine.registry;

import io.berth.distribution.RegistryCredentials;
import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /images/search}: Docker's search result list, answered from a registry's
 * {@code /v2/_catalog} (the v1 search API dockerd uses is gone from v2 registries). The term is
 * split as dockerd splits it: a first component with a dot or a colon, or {@code localhost}, names
 * the registry ({@code 127.0.0.1:5000/foo} searches that registry for "foo"); anything else is a
 * Docker Hub search, which Docker Hub's catalog does not allow, so it is refused with an
 * explanation. A repository matches when its name contains the rest of the term (ignoring case);
 * names are given with the registry host, ready to pull. A plain registry knows no descriptions,
 * stars or automated builds: those fields are empty, 0 and false.
 */
public final class ImageSearch {
  public static final int DEFAULT_LIMIT = 25;

  /** One result, in the Engine API's field names and order. */
  public record Result(String name, String description, int starCount, boolean official, boolean automated) {
    public Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("star_count", starCount);
      m.put("is_official", official);
      m.put("name", name);
      m.put("is_automated", automated);
      m.put("description", description);
      return m;
    }
  }

  /** dockerd's search filters: {@code stars}, {@code is-official}, {@code is-automated}. */
  public record Filters(Optional<Integer> stars, Optional<Boolean> official, Optional<Boolean> automated) {
    public static final Filters NONE = new Filters(Optional.empty(), Optional.empty(), Optional.empty());

    /** From the filter map; wording of the refusals as dockerd's. */
    public static Filters of(Map<String, List<String>> values) {
      Optional<Integer> stars = Optional.empty();
      Optional<Boolean> official = Optional.empty();
      Optional<Boolean> automated = Optional.empty();
      for (var e : values.entrySet()) {
        for (String v : e.getValue()) {
          switch (e.getKey()) {
            case "stars" -> {
              try {
                int n = Integer.parseInt(v);
                stars = Optional.of(Math.max(n, stars.orElse(n)));
              } catch (NumberFormatException x) {
                throw BerthException.invalid("invalid filter 'stars=%s'", v);
              }
            }
            case "is-official" -> official = Optional.of(bool("is-official", v));
            case "is-automated" -> automated = Optional.of(bool("is-automated", v));
            default -> throw BerthException.invalid("invalid filter '%s'", e.getKey());
          }
        }
      }
      return new Filters(stars, official, automated);
    }

    private static boolean bool(String key, String v) {
      return switch (v.toLowerCase(Locale.ROOT)) {
        case "true", "1" -> true;
        case "false", "0" -> false;
        default -> throw BerthException.invalid("invalid filter '%s=%s'", key, v);
      };
    }

    boolean accepts(Result r) {
      return r.starCount() >= stars.orElse(0) && official.map(o -> o == r.official()).orElse(true)
          && automated.map(a -> a == r.automated()).orElse(true);
    }
  }

  private final Registries registries;

  public ImageSearch(Registries registries) {
    this.registries = registries;
  }

  /** Searches; {@code limit} must be within [1, 100] as in dockerd. */
  public List<Result> search(String term, int limit, Filters filters, RegistryCredentials credentials) {
    if (limit < 1 || limit > 100) throw BerthException.invalid("limit %d is outside the range of [1, 100]", limit);
    String[] parts = term.split("/", 2);
    boolean hasHost = parts.length == 2 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"));
    if (!hasHost || List.of("docker.io", "index.docker.io", "registry-1.docker.io").contains(parts[0])) {
      throw new BerthException.NotImplemented("berthd searches a registry's catalog and Docker Hub does not offer one:"
          + " name the registry in the term, as in \"berth search 127.0.0.1:5000/" + (hasHost ? parts[1] : term) + "\"");
    }
    String host = parts[0];
    String needle = parts[1].toLowerCase(Locale.ROOT);
    List<Result> out = new ArrayList<>();
    for (String repo : registries.client(host, credentials).catalog()) {
      if (!repo.toLowerCase(Locale.ROOT).contains(needle)) continue;
      Result r = new Result(host + "/" + repo, "", 0, false, false);
      if (!filters.accepts(r)) continue;
      out.add(r);
      if (out.size() == limit) break;
    }
    return out;
  }
}
